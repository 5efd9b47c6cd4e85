// The pieces the refund form and the payout form share: the retyped amount, the Pay button and
// its rule, and the status area (the call's error, the progress, the result).
import { useEffect, useRef, type KeyboardEvent } from 'react'
import { AmountField, Banner, Button, ErrorBanner, formatAmount } from '../ui'
import { PayoutOutcome, PayoutProgress } from './payout-outcome'
import { amountsMatch, typedStroops } from './payout-words'
import type { PayoutQuoteState } from './use-payout-quote'
import type { PayoutRunState } from './use-payout-run'

export function ConfirmAmountField({
  amount,
  value,
  disabled,
  onChange
}: {
  readonly amount: string
  readonly value: string
  readonly disabled: boolean
  readonly onChange: (value: string) => void
}) {
  const mismatch = value.trim() !== '' && typedStroops(amount) !== null && !amountsMatch(amount, value)
  return (
    <AmountField
      label="Type the amount again to confirm"
      value={value}
      disabled={disabled}
      error={mismatch ? 'The two amounts differ. Type exactly the amount above.' : null}
      hint="A typo in an amount is money gone: Pay stays off until both amounts are the same."
      onChange={onChange}
      data-confirm-amount=""
    />
  )
}

/** Pay is on only for a quote of exactly these fields with no problem, and the amount typed twice. */
export function canPay(options: {
  readonly amount: string
  readonly confirm: string
  readonly quote: PayoutQuoteState
  readonly run: PayoutRunState
}): boolean {
  const { quote, run } = options
  return (
    run.result === null &&
    !run.pending &&
    !run.requested &&
    quote.current &&
    quote.error === null &&
    quote.quote !== null &&
    quote.quote.amount !== null &&
    quote.quote.problems.length === 0 &&
    amountsMatch(options.amount, options.confirm)
  )
}

export function PayButton({
  enabled,
  pending,
  quote,
  onPay
}: {
  readonly enabled: boolean
  readonly pending: boolean
  readonly quote: PayoutQuoteState
  readonly onPay: () => void
}) {
  const amount = quote.current ? (quote.quote?.amount ?? null) : null
  const label = pending ? 'Paying…' : amount !== null ? `Pay ${formatAmount(amount)} π` : 'Pay'
  return (
    <Button variant="primary" disabled={!enabled} onClick={onPay} data-pay="">
      {label}
    </Button>
  )
}

export function PayFormStatus({ run, what }: { readonly run: PayoutRunState; readonly what: string }) {
  if (run.requested && run.error) return <ApprovalRequested message={run.error.message} />
  return (
    <>
      {run.error ? (
        <ErrorBanner
          error={run.error}
          title={`The ${what} did not go through`}
          {...(run.retry && !run.pending && run.result === null ? { onRetry: run.retry } : {})}
        />
      ) : null}
      {run.pending && run.result === null ? <PayoutProgress progress={run.progress} /> : null}
      {run.result ? <PayoutOutcome payout={run.result} resuming={run.pending} onResume={() => void run.resume()} /> : null}
    </>
  )
}

/** Above the person's policy: kept for approval, nothing paid. News (not a failure), in main's words, brought into view. */
function ApprovalRequested({ message }: { readonly message: string }) {
  const news = useRef<HTMLDivElement>(null)
  useEffect(() => {
    news.current?.scrollIntoView({ block: 'nearest' })
  }, [])
  const number = /request (\d+)/.exec(message)?.[1]
  return (
    <div ref={news} data-approval-requested={number ?? ''}>
      <Banner tone="info" title={number ? `Waiting for approval: request ${number}` : 'Waiting for approval'}>
        {message} It is on the Waiting for approval page.
      </Banner>
    </div>
  )
}

/** "7.5000000" → "7.5": the same amount, as a person would type it. */
export function plainAmount(amount: string): string {
  return amount.includes('.') ? amount.replace(/0+$/, '').replace(/\.$/, '') : amount
}

/** The refund form sits inside the payment drawer, which closes on Escape: Escape closes the form only. */
export function keepEscapeInside(event: KeyboardEvent) {
  if (event.key === 'Escape') event.stopPropagation()
}
