// The waiting payments, oldest first: age, buyer, amount, what each waits for, the advice with its
// reason, and the actions that make sense now (the advised one first). Rows can be selected for a
// bulk action.
import { useState } from 'react'
import type { QueueAction, QueueItemView } from '../../../shared/contract'
import { QUEUE_ADVICE_LABELS, QUEUE_KIND_LABELS } from '../../../shared/contract/queue-words'
import { paymentHref } from '../app/route-links'
import { Badge, Button, LongId, Table, copyText, decimalsFor, formatAmount, formatInstant, type BadgeTone, type Column } from '../ui'
import { evidencePack, saveTextFile } from './evidence-pack'
import { EvidenceDetails } from './evidence-details'
import { formatAge } from './format-age'

const KIND_TONES: Readonly<Record<QueueItemView['kind'], BadgeTone>> = {
  paid_not_completed: 'info',
  approved_not_paid: 'neutral',
  awaiting_approval: 'info',
  payout_unfinished: 'neutral',
  verification_failed: 'danger'
}

const ACTION_LABELS: Readonly<Record<QueueAction, string>> = { approve: 'Approve', complete: 'Complete', cancel: 'Cancel' }

export interface QueueTableProps {
  readonly items: readonly QueueItemView[]
  readonly zone: string
  readonly selected: ReadonlySet<string>
  readonly busy: boolean
  readonly onSelect: (identifier: string, selected: boolean) => void
  readonly onSelectAll: (selected: boolean) => void
  readonly onAct: (action: QueueAction, identifier: string) => void
  readonly onTypeTxid: (identifier: string) => void
  /** Opens the review dialog (mark reviewed, or reopen). */
  readonly onReview: (item: QueueItemView) => void
  /** The network as the app names it, for the evidence pack. */
  readonly networkLabel: string
}

export function QueueTable({ items, zone, selected, busy, onSelect, onSelectAll, onAct, onTypeTxid, onReview, networkLabel }: QueueTableProps) {
  // One number of decimals for the whole column, so amounts line up.
  const decimals = decimalsFor(items.map((item) => item.amount))
  const allSelected = items.length > 0 && items.every((item) => selected.has(item.identifier))
  // Fixed widths (queue.css) so the table fits its box: the advice wraps, the actions never leave the view.
  const columns: readonly Column<QueueItemView>[] = [
    {
      key: 'select',
      className: 'queue-table__select',
      header: (
        <input type="checkbox" aria-label="Select every payment" checked={allSelected} onChange={(event) => onSelectAll(event.target.checked)} />
      ),
      cell: (item) => (
        <input
          type="checkbox"
          aria-label={`Select payment ${item.identifier}`}
          checked={selected.has(item.identifier)}
          onChange={(event) => onSelect(item.identifier, event.target.checked)}
        />
      )
    },
    {
      key: 'age',
      className: 'queue-table__age',
      header: 'Age',
      cell: (item) => formatAge(item.ageMs),
      cellProps: (item) => ({ title: formatInstant(item.createdAt, zone, { seconds: true }), 'data-age': '' })
    },
    {
      key: 'buyer',
      className: 'queue-table__buyer',
      header: 'Buyer',
      cell: (item) => (
        <>
          <span data-buyer="">
            <LongId value={item.userUid} what="buyer's user id" head={6} tail={4} />
          </span>
          <div className="queue-table__sub">
            <LongId value={item.identifier} what="payment id" head={6} tail={4} href={paymentHref(item.identifier)} />
          </div>
        </>
      )
    },
    {
      key: 'amount',
      className: 'queue-table__amount',
      align: 'end',
      header: 'Amount (π)',
      cell: (item) => (
        <>
          <span className="numeric">{formatAmount(item.amount, decimals)}</span>
          <div className="queue-table__sub">{item.direction === 'user_to_app' ? 'from buyer' : 'to buyer'}</div>
        </>
      ),
      cellProps: () => ({ 'data-amount': '' })
    },
    {
      key: 'kind',
      className: 'queue-table__kind',
      header: 'Waiting for',
      cell: (item) => <Badge tone={KIND_TONES[item.kind]}>{QUEUE_KIND_LABELS[item.kind]}</Badge>
    },
    {
      key: 'advice',
      className: 'queue-table__advice',
      header: 'What to do',
      cell: (item) => (
        <>
          <strong data-advice-label="">{QUEUE_ADVICE_LABELS[item.advice]}</strong>
          {item.waitUntil && (item.advice === 'wait' || item.advice === 'resume_payout') ? (
            <span className="muted"> until {formatInstant(item.waitUntil, zone)}</span>
          ) : null}
          <p className="queue-table__reason" data-reason="">
            {item.reason}
          </p>
          {item.evidence ? <EvidenceDetails evidence={item.evidence} networkLabel={networkLabel} /> : null}
          {item.review ? (
            <p className="queue-table__review" data-review="">
              <Badge tone="neutral">Reviewed</Badge> by {item.review.by}, {formatInstant(item.review.at, zone)}: {item.review.note}
            </p>
          ) : null}
        </>
      )
    },
    {
      key: 'actions',
      className: 'queue-table__actions',
      header: <span className="visually-hidden">Actions</span>,
      cell: (item) => (
        <div className="queue-table__action-stack">
          {orderedActions(item).map((action) => (
            <Button
              key={action}
              size="small"
              variant={action === item.advice ? 'primary' : 'secondary'}
              disabled={busy}
              data-action={action}
              onClick={() => onAct(action, item.identifier)}
            >
              {ACTION_LABELS[action]}
            </Button>
          ))}
          {item.actions.includes('complete') || item.kind === 'approved_not_paid' ? (
            <Button size="small" variant="ghost" disabled={busy} data-action="typed-txid" onClick={() => onTypeTxid(item.identifier)}>
              Complete with a txid…
            </Button>
          ) : null}
          {item.kind === 'verification_failed' && item.actions.length === 0 ? (
            <StuckActions item={item} zone={zone} networkLabel={networkLabel} busy={busy} onReview={onReview} />
          ) : null}
        </div>
      )
    }
  ]
  return (
    <Table
      caption="Payments waiting for you, oldest first"
      className="queue-table"
      tableProps={{ 'data-queue-table': '' }}
      columns={columns}
      rows={items}
      rowKey={(item) => item.identifier}
      rowProps={(item) => ({
        'data-queue-item': item.identifier,
        'data-kind': item.kind,
        'data-advice': item.advice,
        'data-reviewed': item.review ? 'yes' : 'no',
        className: item.review ? 'queue-table__row--reviewed' : undefined
      })}
    />
  )
}

/**
 * What staff can still do for a payment Pi will not cancel and the app will not complete: hand
 * Pi's support the evidence, and mark it reviewed (or reopen it).
 */
function StuckActions({
  item,
  zone,
  networkLabel,
  busy,
  onReview
}: {
  readonly item: QueueItemView
  readonly zone: string
  readonly networkLabel: string
  readonly busy: boolean
  readonly onReview: (item: QueueItemView) => void
}) {
  const [copied, setCopied] = useState(false)
  const pack = () => evidencePack(item, networkLabel, zone)
  return (
    <>
      <Button size="small" variant={item.review ? 'secondary' : 'primary'} disabled={busy} data-action="review" onClick={() => onReview(item)}>
        {item.review ? 'Reopen…' : 'Mark reviewed…'}
      </Button>
      <Button size="small" data-action="copy-evidence" onClick={() => void copyText(pack()).then(setCopied)}>
        {copied ? 'Evidence copied' : 'Copy evidence pack'}
      </Button>
      <Button size="small" variant="ghost" data-action="save-evidence" onClick={() => saveTextFile(`evidence-${item.identifier}.txt`, pack())}>
        Save evidence pack
      </Button>
    </>
  )
}

/** The advised action first. */
function orderedActions(item: QueueItemView): QueueAction[] {
  return [...item.actions].sort((a, b) => Number(b === item.advice) - Number(a === item.advice))
}
