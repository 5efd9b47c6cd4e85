// The incomplete-payment queue: every payment waiting for the merchant, what it waits for, what to
// do and why, and the actions themselves (one row or many, each with its own result). An
// incomplete payment blocks its buyer from paying the app again, so this page is about clearing
// them safely: nothing is completed unless the chain shows it paid.
import { useState } from 'react'
import type { QueueAction, QueueActionResultView, QueueItemView } from '../../../shared/contract'
import { QUEUE_KIND_LABELS, QUEUE_KINDS } from '../../../shared/contract/queue-words'
import { useChannelAction, useAppEvent } from '../api'
import { useAppInfo, useAppSettings } from '../app/app-info'
import { ActionResults } from '../queue/action-results'
import { BulkBar } from '../queue/bulk-bar'
import { QueueTable } from '../queue/queue-table'
import { ReviewDialog } from '../queue/review-dialog'
import { TypedTxidDialog } from '../queue/typed-txid-dialog'
import { useQueue } from '../queue/use-queue'
import { notificationsCanBeAsked, useQueueNotifications } from '../queue/use-queue-notifications'
import { Badge, Banner, Button, EmptyState, ErrorBanner, Icon, PageHeader, formatCount } from '../ui'

export function QueuePage() {
  const settings = useAppSettings()
  const zone = settings.data?.businessTimeZone ?? 'UTC'
  const queue = useQueue()
  const act = useChannelAction('queue:act')
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [results, setResults] = useState<readonly QueueActionResultView[] | null>(null)
  const [typing, setTyping] = useState<string | null>(null)
  const [reviewing, setReviewing] = useState<QueueItemView | null>(null)
  const networkLabel = useAppInfo().data?.networkLabel ?? ''
  const [arrived, setArrived] = useState(0)
  const [canAsk, setCanAsk] = useState(notificationsCanBeAsked)

  useQueueNotifications()
  // The list itself follows main's events through the query cache; this only counts arrivals.
  useAppEvent('queue:changed', ({ newItems }) => setArrived((count) => count + newItems))

  async function run(action: QueueAction, ids: readonly string[], txid?: string) {
    const envelope = await act.run({ action, ids: [...ids], ...(txid === undefined ? {} : { txid }) })
    if (envelope.ok) {
      setResults(envelope.value.results)
      setSelected(new Set())
      setTyping(null)
    }
    await queue.reload()
  }

  async function askForNotifications() {
    await Notification.requestPermission()
    setCanAsk(notificationsCanBeAsked())
  }

  const view = queue.view
  const items = view?.items ?? []
  const refreshButton = (
    <Button onClick={() => void queue.reload(true)} disabled={queue.refreshing} data-queue-refresh="">
      {queue.refreshing ? 'Asking Pi…' : 'Refresh from Pi'}
    </Button>
  )

  return (
    <>
      <PageHeader
        title="Queue"
        description="Payments waiting for you: approve, complete after the chain shows them paid, or cancel what can no longer be paid."
        actions={refreshButton}
      />
      {arrived > 0 ? (
        <Banner
          tone="info"
          title={`${formatCount(arrived)} new ${arrived === 1 ? 'payment' : 'payments'} joined the queue`}
          action={
            <Button size="small" variant="ghost" onClick={() => setArrived(0)}>
              Dismiss
            </Button>
          }
        />
      ) : null}
      {canAsk ? (
        <Banner
          tone="info"
          title="Get a desktop notification when a payment joins the queue"
          action={
            <Button size="small" onClick={() => void askForNotifications()}>
              Turn on notifications
            </Button>
          }
        />
      ) : null}
      {queue.error ? <ErrorBanner error={queue.error} title="The queue could not be read" onRetry={() => void queue.reload()} /> : null}
      {act.error ? <ErrorBanner error={act.error} title="Nothing was done" /> : null}
      {view?.refreshed && view.refreshed.failed > 0 ? (
        <Banner tone="error" title={`Pi could not say how ${view.refreshed.failed} of ${view.refreshed.asked} payments are doing`}>
          {view.refreshed.messages.join(' ')}
        </Banner>
      ) : null}
      {results ? <ActionResults results={results} onDismiss={() => setResults(null)} /> : null}

      {view !== null && view.total === 0 ? (
        <EmptyState
          icon={<Icon name="queue" />}
          title="Nothing is waiting for you"
          hint="The queue fills during a sync. A payment is only completed after its transaction is found on the chain."
        >
          When a buyer starts a payment that is never completed, it lands here. For each one you check the transaction on
          the Pi blockchain, then complete it or cancel it.
        </EmptyState>
      ) : view !== null ? (
        <>
          <div className="queue-summary" data-queue-count="">
            <span>
              <strong data-needs-action="">{formatCount(view.needsAction)}</strong> {view.needsAction === 1 ? 'payment needs' : 'payments need'} action
              {view.reviewed > 0 ? (
                <span data-reviewed-count="">
                  {' '}
                  ({formatCount(view.reviewed)} more reviewed, still open at Pi)
                </span>
              ) : null}
              {items.length < view.total ? ` (the oldest ${formatCount(items.length)} of ${formatCount(view.total)} shown)` : ''}
            </span>
            {QUEUE_KINDS.filter((kind) => view.counts[kind] > 0).map((kind) => (
              <Badge key={kind} tone={kind === 'verification_failed' ? 'danger' : 'neutral'}>
                {QUEUE_KIND_LABELS[kind]}: {view.counts[kind]}
              </Badge>
            ))}
          </div>
          <BulkBar
            count={selected.size}
            busy={act.pending}
            onApply={(action) => void run(action, [...selected])}
            onClear={() => setSelected(new Set())}
          />
          <QueueTable
            items={items}
            zone={zone}
            selected={selected}
            busy={act.pending}
            onSelect={(identifier, on) =>
              setSelected((current) => {
                const next = new Set(current)
                if (on) next.add(identifier)
                else next.delete(identifier)
                return next
              })
            }
            onSelectAll={(on) => setSelected(on ? new Set(items.map((item) => item.identifier)) : new Set())}
            onAct={(action, identifier) => void run(action, [identifier])}
            onTypeTxid={setTyping}
            onReview={setReviewing}
            networkLabel={networkLabel}
          />
          <details className="queue-rules" data-queue-rules="">
            <summary>The rules Merchant Desk follows</summary>
            <ul>
              {view.rules.sentences.map((sentence) => (
                <li key={sentence}>{sentence}</li>
              ))}
            </ul>
          </details>
        </>
      ) : queue.loading ? (
        <p className="muted" role="status">
          Reading the queue…
        </p>
      ) : null}
      {reviewing ? (
        <ReviewDialog
          item={reviewing}
          onClose={() => setReviewing(null)}
          onDone={() => {
            setReviewing(null)
            void queue.reload()
          }}
        />
      ) : null}
      {typing ? (
        <TypedTxidDialog
          identifier={typing}
          pending={act.pending}
          onSubmit={(txid) => void run('complete', [typing], txid)}
          onClose={() => setTyping(null)}
        />
      ) : null}
    </>
  )
}
