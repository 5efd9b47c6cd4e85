// The entries of the audit log, newest first: when, who, what, which payment, the status before
// and after, the outcome, and the full before/after on demand.
import type { AuditEntryView, JsonValue } from '../../../shared/contract'
import { paymentHref } from '../app/routes'
import { Badge, LongId, formatInstant, type BadgeTone } from '../ui'
import { describeAuditAction, describeStateChange } from './audit-words'

const OUTCOME_TONES: Readonly<Record<string, BadgeTone>> = { done: 'success', refused: 'warning', failed: 'danger' }

export function AuditTable({
  entries,
  zone,
  brokenSeq
}: {
  readonly entries: readonly AuditEntryView[]
  readonly zone: string
  readonly brokenSeq: number | null
}) {
  return (
    <div className="table-wrap">
      <table className="table audit-table" data-audit-table="">
        <caption className="visually-hidden">Audit log entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Payment</th>
            <th scope="col">Status</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const result = field(entry.after, 'result')
            const outcome = stringOf(field(result, 'outcome'))
            return (
              <tr key={entry.seq} data-audit-entry={entry.seq} className={entry.seq === brokenSeq ? 'audit-table__broken' : undefined}>
                <td className="numeric">{entry.seq}</td>
                <td>{formatInstant(entry.at, zone, { seconds: true })}</td>
                <td data-actor="">{entry.actor}</td>
                <td data-action="" title={entry.action}>
                  {describeAuditAction(entry.action)}
                </td>
                <td>
                  {entry.subject ? (
                    <LongId value={entry.subject} what="id" head={6} tail={4} href={isPaymentId(entry.subject) ? paymentHref(entry.subject) : undefined} />
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td data-state-change="">{describeStateChange(statusOf(entry.before), statusOf(entry.after)) ?? <span className="muted">—</span>}</td>
                <td>
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
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
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
