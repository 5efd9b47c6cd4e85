// The entries of the audit log, newest first: when, who, what, which payment, the status before
// and after, the outcome, and the full before/after on demand.
import type { AuditEntryView, JsonValue } from '../../../shared/contract'
import { paymentHref } from '../app/route-links'
import { Badge, LongId, Table, formatInstant, type BadgeTone, type Column } from '../ui'
import { describeAuditAction, describeStateChange } from './audit-words'
import { useBusinessZone } from '../app/app-info'

const OUTCOME_TONES: Readonly<Record<string, BadgeTone>> = { done: 'success', refused: 'warning', failed: 'danger' }

export function AuditTable({
  entries,
  brokenSeq
}: {
  readonly entries: readonly AuditEntryView[]
  readonly brokenSeq: number | null
}) {
  const zone = useBusinessZone() ?? 'UTC'
  const columns: readonly Column<AuditEntryView>[] = [
    { key: 'seq', header: '#', cell: (entry) => <span className="numeric">{entry.seq}</span> },
    { key: 'at', header: 'When', cell: (entry) => formatInstant(entry.at, zone, { seconds: true }) },
    { key: 'actor', header: 'Who', cell: (entry) => entry.actor, cellProps: () => ({ 'data-actor': '' }) },
    {
      key: 'action',
      header: 'What',
      cell: (entry) => describeAuditAction(entry.action),
      cellProps: (entry) => ({ 'data-action': '', title: entry.action })
    },
    {
      key: 'subject',
      header: 'Payment',
      cell: (entry) =>
        entry.subject ? (
          <LongId value={entry.subject} what="id" head={6} tail={4} href={isPaymentId(entry.subject) ? paymentHref(entry.subject) : undefined} />
        ) : (
          <span className="muted">—</span>
        )
    },
    {
      key: 'state',
      header: 'Status',
      cell: (entry) => describeStateChange(statusOf(entry.before), statusOf(entry.after)) ?? <span className="muted">—</span>,
      cellProps: () => ({ 'data-state-change': '' })
    },
    { key: 'outcome', header: 'Outcome', cell: (entry) => <AuditOutcome entry={entry} /> }
  ]
  return (
    <Table
      caption="Audit log entries, newest first"
      className="audit-table"
      tableProps={{ 'data-audit-table': '' }}
      columns={columns}
      rows={entries}
      rowKey={(entry) => String(entry.seq)}
      rowProps={(entry) => ({ 'data-audit-entry': String(entry.seq), className: entry.seq === brokenSeq ? 'audit-table__broken' : undefined })}
    />
  )
}

function AuditOutcome({ entry }: { readonly entry: AuditEntryView }) {
  const result = field(entry.after, 'result')
  const outcome = stringOf(field(result, 'outcome'))
  return (
    <>
      {outcome ? <Badge tone={OUTCOME_TONES[outcome] ?? 'neutral'}>{(stringOf(field(result, 'code')) ?? outcome).replace(/_/g, ' ')}</Badge> : null}
      <details className="audit-table__details">
        <summary>Details</summary>
        {stringOf(field(result, 'message')) ? <p>{stringOf(field(result, 'message'))}</p> : null}
        <p className="audit-table__label">Before</p>
        <pre className="audit-table__json">{JSON.stringify(entry.before, null, 2)}</pre>
        <p className="audit-table__label">After</p>
        <pre className="audit-table__json">{JSON.stringify(entry.after, null, 2)}</pre>
        <p className="audit-table__label">Hash</p>
        <p className="mono break-all">{entry.hash}</p>
      </details>
    </>
  )
}

function field(value: JsonValue | undefined, key: string | null): JsonValue | undefined {
  if (key === null) return value
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  return (value as { readonly [key: string]: JsonValue })[key]
}

function stringOf(value: JsonValue | undefined): string | null {
  return typeof value === 'string' ? value : null
}

/** A payment's status, or a refund's or payout's journal state. */
function statusOf(side: JsonValue): string | null {
  return stringOf(field(field(side, 'payment'), 'status')) ?? stringOf(field(side, 'state'))
}

function isPaymentId(subject: string): boolean {
  return /^[A-Za-z0-9]{28}$/.test(subject)
}
