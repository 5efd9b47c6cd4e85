// The ledger's columns: what each cell shows and which ones sort. Widths live in ledger.css
// (.ledger-row's grid), in this order.
import type { ReactNode } from 'react'
import type { LedgerSortColumn, PaymentRowView } from '../../../shared/contract'
import { Badge, formatAmount, formatInstant, shortenMiddle } from '../ui'
import {
  CHAIN_CHECK_LABELS,
  CHAIN_CHECK_TONES,
  DIRECTION_LABELS,
  DISPLAY_STATUS_LABELS,
  EXCEPTION_FLAG_EXPLANATIONS,
  FLAG_SHORT_LABELS,
  STATUS_TONES,
  flagTone
} from './payment-labels'

export interface LedgerColumn {
  readonly key: string
  readonly header: string
  /** Shown after the header, never upper-cased. */
  readonly unit?: string
  readonly sort?: LedgerSortColumn
  readonly align?: 'end'
  /** `decimals`: the number of decimals every amount of the table shows (decimalsFor). */
  readonly cell: (row: PaymentRowView, zone: string, decimals: number) => ReactNode
}

export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  {
    key: 'created',
    header: 'Created',
    sort: 'created_at',
    cell: (row, zone) => <span className="numeric">{formatInstant(row.createdAt, zone)}</span>
  },
  {
    key: 'direction',
    header: 'Direction',
    sort: 'direction',
    cell: (row) => (
      <span className={`direction direction--${row.direction}`}>
        <span className="direction__arrow" aria-hidden="true">
          {row.direction === 'user_to_app' ? '↓' : '↑'}
        </span>
        {DIRECTION_LABELS[row.direction]}
      </span>
    )
  },
  {
    key: 'status',
    header: 'Status',
    sort: 'status',
    cell: (row) => (
      <span title={DISPLAY_STATUS_LABELS[row.status]} data-status={row.status}>
        <Badge tone={STATUS_TONES[row.status]}>{DISPLAY_STATUS_LABELS[row.status]}</Badge>
      </span>
    )
  },
  { key: 'flags', header: 'Flags', cell: (row) => <FlagBadges flags={row.flags} /> },
  {
    key: 'amount',
    header: 'Amount',
    unit: 'π',
    sort: 'amount',
    align: 'end',
    cell: (row, _zone, decimals) => (
      <span className="numeric" title={`${row.amount} Pi`} data-amount={row.amount}>
        {formatAmount(row.amount, decimals)}
      </span>
    )
  },
  {
    key: 'user',
    header: 'User',
    sort: 'user_uid',
    cell: (row) => (
      <span className="mono" title={row.userUid}>
        {shortenMiddle(row.userUid, 6, 3)}
      </span>
    )
  },
  {
    key: 'memo',
    header: 'Memo',
    cell: (row) => (
      <span className="ledger-cell__clip" title={row.memo}>
        {row.memo || <span className="muted">—</span>}
      </span>
    )
  },
  {
    key: 'txid',
    header: 'Txid',
    cell: (row) =>
      row.txid ? (
        <span className="mono" title={row.txid}>
          {shortenMiddle(row.txid, 5, 4)}
        </span>
      ) : (
        <span className="muted">None</span>
      )
  },
  {
    key: 'chain',
    header: 'Chain check',
    cell: (row) => (
      <span className={`dot-label dot-label--${CHAIN_CHECK_TONES[row.chainCheck]}`} data-chain-check={row.chainCheck}>
        <span className="dot-label__dot" aria-hidden="true" />
        {CHAIN_CHECK_LABELS[row.chainCheck]}
      </span>
    )
  }
]

/** The first (most serious) flag as a badge, the rest counted; every explanation in the title. */
function FlagBadges({ flags }: { readonly flags: PaymentRowView['flags'] }) {
  const [first, ...rest] = flags
  if (!first) return null
  const explanation = flags.map((flag) => EXCEPTION_FLAG_EXPLANATIONS[flag]).join('\n')
  return (
    <span className="flag-badges" title={explanation} data-flags={flags.join(' ')}>
      <Badge tone={flagTone(first)}>{FLAG_SHORT_LABELS[first]}</Badge>
      {rest.length > 0 ? <span className="flag-badges__more">+{rest.length}</span> : null}
    </span>
  )
}
