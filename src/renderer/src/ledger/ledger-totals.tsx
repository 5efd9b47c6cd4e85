// The ledger's footer: how many payments the filter matches and their sums per direction, split
// into what moved on chain and the rest by name. The whole filtered set, not the rows on screen;
// the same figures as the dashboard and the export manifest for the same payments.
import type { LedgerFilter } from '../../../shared/contract'
import { useChannelQuery } from '../api'
import { ErrorBanner, formatAmount, formatCount } from '../ui'
import { BookRest, countOf } from './book-totals'
import { useReloadOnLedgerChange } from './use-reload-on-ledger-change'

export function LedgerTotals({ filter }: { readonly filter: LedgerFilter }) {
  const totals = useChannelQuery('ledger:totals', { filter })
  useReloadOnLedgerChange(totals.reload, 1500)
  const books = totals.data
  if (totals.error) return <ErrorBanner error={totals.error} title="The totals could not be added up" onRetry={totals.reload} />
  if (books === null) return <p className="ledger-totals muted">Adding up the matching payments…</p>
  const all = Object.values(books).reduce((n, side) => n + Object.values(side).reduce((m, tally) => m + tally.count, 0), 0)
  return (
    <section className="ledger-totals" aria-label="Totals of the matching payments" data-ledger-totals="" aria-busy={totals.loading}>
      <p className="ledger-totals__count" data-ledger-totals-count="">
        <strong>{formatCount(all)}</strong> {all === 1 ? 'payment matches' : 'payments match'}
      </p>
      {(['received', 'paidOut'] as const).map((direction) => (
        <div key={direction} className="ledger-totals__side" data-book-direction={direction}>
          <p>
            <span className="ledger-totals__label">{direction === 'received' ? 'Received on chain' : 'Paid out on chain'}</span>{' '}
            <strong className="numeric" data-book-amount="" title={`${books[direction].on_chain.amount} Pi`}>
              {formatAmount(books[direction].on_chain.amount)} π
            </strong>{' '}
            <span className="muted" data-book-count="">
              ({countOf(direction, books[direction].on_chain.count)})
            </span>
          </p>
          <BookRest book={books[direction]} />
        </div>
      ))}
    </section>
  )
}
