// The audit log: every staff action, newest first (who, when, what, before and after), and a
// "Verify log" button that checks the hash chain and says plainly whether anything was changed.
import { useCallback, useEffect, useState } from 'react'
import type { AuditEntryView, AuditVerifyView, ContractError } from '../../../shared/contract'
import { invoke, useChannelAction, useAppEvent } from '../api'
import { AuditTable } from '../audit/audit-table'
import { Banner, Button, EmptyState, ErrorBanner, Icon, PageHeader, formatCount } from '../ui'

const PAGE = 50

export function AuditLogPage() {
  const [entries, setEntries] = useState<readonly AuditEntryView[] | null>(null)
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [error, setError] = useState<ContractError | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const verify = useChannelAction('audit:verify')
  const [verdict, setVerdict] = useState<AuditVerifyView | null>(null)

  const loadFirst = useCallback(async () => {
    const envelope = await invoke('audit:list', { limit: PAGE })
    if (envelope.ok) {
      setEntries(envelope.value.entries)
      setNextCursor(envelope.value.nextCursor)
      setError(null)
    } else setError(envelope.error)
  }, [])

  useEffect(() => {
    void loadFirst()
  }, [loadFirst])
  useAppEvent('ledger:changed', () => void loadFirst())

  async function loadMore() {
    if (nextCursor === null) return
    setLoadingMore(true)
    const envelope = await invoke('audit:list', { limit: PAGE, cursor: nextCursor })
    setLoadingMore(false)
    if (envelope.ok) {
      setEntries((current) => [...(current ?? []), ...envelope.value.entries])
      setNextCursor(envelope.value.nextCursor)
    } else setError(envelope.error)
  }

  async function runVerify() {
    setVerdict(null)
    const envelope = await verify.run()
    if (envelope.ok) setVerdict(envelope.value)
  }

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, and when: a record that cannot be edited or deleted without it showing."
        actions={
          <Button onClick={() => void runVerify()} disabled={verify.pending} data-audit-verify="">
            {verify.pending ? 'Checking…' : 'Verify log'}
          </Button>
        }
      />
      {verdict ? (
        verdict.ok ? (
          <Banner tone="success" title="The log is intact">
            <span data-audit-verdict="ok">
              {verdict.entries === 0
                ? 'The log is empty.'
                : `${formatCount(verdict.entries)} ${verdict.entries === 1 ? 'entry' : 'entries'} checked: none was changed or removed. Last hash ${verdict.headHash ?? ''}.`}
            </span>
          </Banner>
        ) : (
          <Banner tone="error" title="The log has been tampered with">
            <span data-audit-verdict="broken">
              {verdict.reason} First entry that does not check out: #{verdict.firstBrokenSeq}.
            </span>
          </Banner>
        )
      ) : null}
      {verify.error ? <ErrorBanner error={verify.error} title="The log could not be checked" /> : null}
      {error ? <ErrorBanner error={error} title="The audit log could not be read" onRetry={() => void loadFirst()} /> : null}
      {entries !== null && entries.length === 0 ? (
        <EmptyState
          icon={<Icon name="audit" />}
          title="No actions recorded yet"
          hint="Entries are added as your team approves, completes or cancels payments; none can be changed afterwards."
        >
          Every action taken in Merchant Desk is recorded here with who did it, when, and what it changed.
        </EmptyState>
      ) : entries !== null ? (
        <>
          <AuditTable entries={entries} brokenSeq={verdict?.firstBrokenSeq ?? null} />
          {nextCursor !== null ? (
            <Button onClick={() => void loadMore()} disabled={loadingMore}>
              {loadingMore ? 'Loading…' : 'Load older entries'}
            </Button>
          ) : null}
        </>
      ) : null}
    </>
  )
}
