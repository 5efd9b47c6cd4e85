// Offered in the refund form when Pi would not make the refund as an A2U payment (issue 19): the
// same refund, paid on chain from the app wallet straight back to the address that paid the sale.
// The form says WHY it offers it (Pi refused, in Pi's words, and Pi documents app-to-user payments
// as Testnet-only), so the merchant chooses it knowingly. It has its own request key: pressing it
// twice, or after an error, answers the one direct refund main recorded.
import type { PayoutView, RefundReason } from '../../../shared/contract'
import { invoke } from '../api'
import { Banner, Button, formatAmount } from '../ui'
import { PayoutOutcome } from './payout-outcome'
import { usePayoutRun } from './use-payout-run'

export interface DirectRefundOfferProps {
  /** The A2U refund Pi refused (failed, nothing paid). */
  readonly refused: PayoutView
  readonly amount: string
  readonly reason: RefundReason
  readonly reasonText: string
  readonly memo: string
}

export function DirectRefundOffer({ refused, amount, reason, reasonText, memo }: DirectRefundOfferProps) {
  const run = usePayoutRun()
  const sale = refused.refundOf ?? ''

  function pay() {
    void run.send((key) =>
      invoke('payouts:refundDirect', {
        idempotencyKey: key,
        paymentId: sale,
        amount,
        confirmAmount: amount,
        reason,
        reasonText,
        ...(memo === '' ? {} : { memo })
      })
    )
  }

  return (
    <section className="direct-refund-offer" data-direct-refund-offer="">
      <Banner tone="info" title="Why a refund to the paying address is offered">
        Pi would not make this refund as a Pi payment (it answered: {refused.problem?.code ?? 'refused'}), so nothing was paid. Pi
        documents app-to-user payments as available on Testnet only, and a buyer who has not allowed your app to pay them cannot be
        paid through Pi. The same {formatAmount(amount)} π can instead be sent on chain, from the app wallet straight back to the
        wallet address that paid this sale, with a memo of its own. It goes through the same journal: it is paid once, and a
        crash or a lost answer never pays it twice.
      </Banner>
      {run.error !== null ? (
        <Banner tone="error" title="Not paid">
          {run.error.message}
        </Banner>
      ) : null}
      {run.result !== null ? (
        <PayoutOutcome payout={run.result} resuming={run.pending} onResume={() => void run.resume()} />
      ) : (
        <Button variant="primary" onClick={pay} disabled={run.pending} data-direct-refund-pay="">
          {run.pending ? 'Paying…' : `Refund ${formatAmount(amount)} π to the paying address`}
        </Button>
      )}
    </section>
  )
}
