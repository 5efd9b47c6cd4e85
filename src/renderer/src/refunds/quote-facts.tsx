// What a refund or payout will cost before it is paid: what is left to refund, the network fee the
// app wallet pays, its balance, the minimum it must keep, the balance after, and every reason main
// gives why it cannot go ahead now. Amounts are main's exact 7-decimal strings, re-spelled only.
import type { ContractError, PayoutQuoteView } from '../../../shared/contract'
import { ErrorBanner, formatAmount } from '../ui'

export interface QuoteFactsProps {
  readonly quote: PayoutQuoteView | null
  readonly error: ContractError | null
  /** The quote on screen answers what the fields hold now. */
  readonly current: boolean
}

export function QuoteFacts({ quote, error, current }: QuoteFactsProps) {
  return (
    <section className="quote" aria-label="Cost of this payment" aria-busy={!current} data-quote="" data-quote-current={current ? 'yes' : 'no'}>
      {error && current ? <ErrorBanner error={error} title="The cost could not be worked out" /> : null}
      {quote ? (
        <dl className="facts facts--compact quote__facts">
          {quote.kind === 'refund' ? (
            <Fact name="Left to refund" value={quote.refundableRemainder} data="remainder" />
          ) : null}
          <Fact name="Network fee (the app wallet pays)" value={quote.fee} data="fee" />
          <Fact name="Wallet balance" value={quote.walletBalance} data="balance" />
          <Fact name="Minimum balance to keep" value={quote.minimumBalance} data="minimum" />
          <Fact name="Balance after" value={quote.balanceAfter} data="after" />
        </dl>
      ) : !error ? (
        <p className="muted">Working out the fee and the wallet balance…</p>
      ) : null}
      {quote && quote.problems.length > 0 ? (
        <ul className="quote__problems" data-quote-problems="">
          {quote.problems.map((problem) => (
            <li key={`${problem.code}-${problem.message}`} data-problem={problem.code}>
              {problem.message}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}

function Fact({ name, value, data }: { readonly name: string; readonly value: string | null; readonly data: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd className="numeric" data-quote-fact={data} title={value === null ? undefined : `${value} Pi`}>
        {value === null ? <span className="muted">Not known yet</span> : `${formatAmount(value)} π`}
      </dd>
    </>
  )
}
