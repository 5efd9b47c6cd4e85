// "Sync now" and how the sync is doing. Progress arrives as `task:progress` events; the status is
// also polled while a sync runs, so the panel learns that it ended even if the last event was
// missed (a sleeping laptop, a reconnecting preview bridge).
import { useEffect, useState } from 'react'
import type { TaskProgress } from '../../../shared/contract'
import { useChannelAction, useAppEvent, useChannelQuery } from '../api'
import { Button, ErrorBanner, ProgressBar, formatCount, formatInstant } from '../ui'
import { useBusinessZone } from '../app/app-info'

const POLL_WHILE_RUNNING_MS = 1500

export function SyncPanel() {
  const zone = useBusinessZone() ?? 'UTC'
  const status = useChannelQuery('sync:status')
  const start = useChannelAction('sync:start')
  const cancel = useChannelAction('sync:cancel')
  const [progress, setProgress] = useState<TaskProgress | null>(null)

  useAppEvent('task:progress', (event) => {
    if (event.task === 'sync') setProgress(event)
  })

  const running = start.pending || status.data?.running === true
  const { reload } = status
  useEffect(() => {
    if (!running) return
    const timer = setInterval(reload, POLL_WHILE_RUNNING_MS)
    return () => clearInterval(timer)
  }, [running, reload])

  // A finished sync leaves no stale bar behind for the next one.
  useEffect(() => {
    if (!running && status.data && !status.loading) setProgress(null)
  }, [running, status.data, status.loading])

  async function startSync() {
    setProgress(null)
    await start.run()
    reload()
  }

  async function cancelSync() {
    await cancel.run()
    reload()
  }

  const data = status.data
  const error = start.error ?? cancel.error ?? status.error
  return (
    <section className="sync-panel" aria-label="Sync">
      <div className="sync-panel__row">
        <div className="sync-panel__status" data-sync-status="">
          {data === null ? (
            <span className="muted">Checking the last sync…</span>
          ) : (
            <>
              <span>
                <strong>{formatCount(data.paymentsKnown)}</strong> {data.paymentsKnown === 1 ? 'payment' : 'payments'} known
              </span>
              <span className="sync-panel__dot" aria-hidden="true">
                ·
              </span>
              <span className="muted">
                {running
                  ? 'Sync running'
                  : data.lastFinishedAt
                    ? `Last synced ${formatInstant(data.lastFinishedAt, zone)}`
                    : 'Never synced'}
              </span>
            </>
          )}
        </div>
        {running ? (
          <Button size="small" onClick={() => void cancelSync()} disabled={cancel.pending}>
            {cancel.pending ? 'Stopping…' : 'Stop sync'}
          </Button>
        ) : (
          <Button variant="primary" size="small" onClick={() => void startSync()} data-sync-now="">
            Sync now
          </Button>
        )}
      </div>
      {running ? (
        <div className="sync-panel__progress">
          <ProgressBar label="Sync progress" done={progress?.done ?? 0} total={progress?.total ?? null} />
          <p className="sync-panel__phase" role="status">
            {progress ? describeProgress(progress) : 'Starting…'}
          </p>
        </div>
      ) : null}
      {data?.lastError && !running ? (
        <p className="sync-panel__last-error" role="status">
          The last sync stopped early: {data.lastError}
        </p>
      ) : null}
      {error ? (
        <ErrorBanner
          error={error}
          title={status.error === error ? 'Merchant Desk could not read the sync status' : 'The sync could not run'}
          onRetry={status.error === error ? reload : undefined}
        />
      ) : null}
    </section>
  )
}

// The engine's steps (src/main/sync/ports.ts SYNC_PHASES), in the merchant's words. A phase not
// listed here still reads sensibly from its name.
const PHASE_WORDS: Readonly<Record<string, string>> = {
  checking_network: 'Checking the network and the API key',
  reading_chain: "Reading the app wallet's history",
  incomplete_payments: "Reading Pi's open payouts",
  repolling: 'Refreshing unfinished payments',
  looking_up: 'Looking up payments at Pi',
  verifying: 'Checking transactions on the chain',
  done: 'Finishing'
}

function describeProgress({ phase, done, total }: TaskProgress): string {
  const words = PHASE_WORDS[phase] ?? phase.replace(/[_-]+/g, ' ').trim()
  const said = words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Working'
  if (phase === 'done' || (done === 0 && total === null)) return `${said}…`
  return total === null ? `${said}: ${formatCount(done)} so far` : `${said}: ${formatCount(done)} of ${formatCount(total)}`
}
