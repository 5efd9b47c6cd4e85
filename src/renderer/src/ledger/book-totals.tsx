// The books as every screen shows them (issue #14, item 4): per direction, what moved on chain,
// with the rest beside it by name (failed chain checks, pending, cancelled), never added into it.
// Main computes the figures with one SQL term for the dashboard, the ledger and the export
// manifest; this only spells them.
import { BOOK_CLASS_LABELS, type BookClass, type BookDirection, type BookTallyView, type BookTotalsView } from '../../../shared/contract'
import { formatAmount, formatCount } from '../ui'

const DIRECTION_LABELS: Readonly<Record<BookDirection, string>> = {
  received: 'Received on chain',
  paidOut: 'Paid out on chain'
}
const DIRECTION_NOUNS: Readonly<Record<BookDirection, readonly [string, string]>> = {
  received: ['sale', 'sales'],
  paidOut: ['refund or payout', 'refunds and payouts']
}
const REST: readonly Exclude<BookClass, 'on_chain'>[] = ['failed_check', 'pending', 'cancelled']

/** "3 sales" / "1 refund or payout". */
export function countOf(direction: BookDirection, count: number): string {
  const [one, many] = DIRECTION_NOUNS[direction]
  return `${formatCount(count)} ${count === 1 ? one : many}`
}

/** What did not move on chain, by name: "Failed chain check 2 · 12.5 π", only the classes that have any. */
export function BookRest({ book }: { readonly book: Readonly<Record<BookClass, BookTallyView>> }) {
  const shown = REST.filter((name) => book[name].count > 0)
  if (shown.length === 0) return <p className="book-rest muted">Nothing else: no failed, pending or cancelled payments.</p>
  return (
    <ul className="book-rest" aria-label="Not counted: did not move on chain">
      {shown.map((name) => (
        <li key={name} data-book-class={name} className="book-rest__item">
          <span>{BOOK_CLASS_LABELS[name]}</span>{' '}
          <span className="numeric" title={`${book[name].amount} Pi`}>
            {formatCount(book[name].count)} · {formatAmount(book[name].amount)} π
          </span>
        </li>
      ))}
    </ul>
  )
}

/** The dashboard's cards: received and paid out on chain, each with the rest beside it; and the fees. */
export function BookCards({ books, fees }: { readonly books: BookTotalsView; readonly fees: { readonly count: number; readonly total: string } }) {
  return (
    <ul className="stat-cards" aria-label="Totals for the period" data-book-totals="">
      {(['received', 'paidOut'] as const).map((direction) => {
        const onChain = books[direction].on_chain
        return (
          <li
            key={direction}
            className={`stat-card stat-card--${direction === 'received' ? 'received' : 'paid'}`}
            data-book-direction={direction}
            data-total={direction === 'received' ? 'received' : 'paid'}
          >
            <p className="stat-card__label">{DIRECTION_LABELS[direction]}</p>
            <p className="stat-card__value numeric" title={`${onChain.amount} Pi`}>
              <span data-book-amount="" data-total-amount="">
                {formatAmount(onChain.amount)}
              </span>
              <span className="stat-card__unit"> π</span>
            </p>
            <p className="stat-card__note" data-book-count="">
              {countOf(direction, onChain.count)}
            </p>
            <BookRest book={books[direction]} />
          </li>
        )
      })}
      <li className="stat-card stat-card--fees" data-total="fees">
        <p className="stat-card__label">Fees paid</p>
        <p className="stat-card__value numeric" title={`${fees.total} Pi`}>
          <span data-total-amount="">{formatAmount(fees.total)}</span>
          <span className="stat-card__unit"> π</span>
        </p>
        <p className="stat-card__note">
          {formatCount(fees.count)} {fees.count === 1 ? 'wallet transaction' : 'wallet transactions'}
        </p>
      </li>
    </ul>
  )
}
