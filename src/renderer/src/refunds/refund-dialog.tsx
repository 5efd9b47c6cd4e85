// The refund form, opened from a completed sale in the ledger: pays part or all of what is left to
// refund back to the buyer from the app wallet, as an A2U payment (or, when Pi refuses to make
// one, straight back to the paying address on chain: direct-refund-offer.tsx says why). It shows what the refund costs
// before anything moves, wants the amount typed twice, and sends one request key however many
// times Pay is pressed (see use-payout-run.ts). Main re-checks every rule; this form only makes
// the mistakes hard to make.
import { useId, useState } from 'react'
import { directRefundOffered, MAX_PAYOUT_MEMO, MAX_REASON_TEXT, REFUND_REASONS, REFUND_REASON_LABELS, type RefundReason } from '../../../shared/contract'
import { invoke } from '../api'
import { AmountField, Button, TextField, formatAmount } from '../ui'
import { PayDialog } from './pay-dialog'
import { ConfirmAmountField, canPay, plainAmount } from './pay-form-parts'
import { DirectRefundOffer } from './direct-refund-offer'
import { QuoteFacts } from './quote-facts'
import { RefundRulesNote } from './refund-rules-note'
import { isPositiveAmount } from './payout-words'
import { usePayoutQuote } from './use-payout-quote'
import { usePayoutRun } from './use-payout-run'

/** The sale as the drawer showed it when the form opened. */
export interface SaleToRefund {
  readonly identifier: string
  readonly amount: string
  readonly memo: string
  readonly uid: string
  readonly remainder: string
}

export function RefundDialog({ sale, onClose }: { readonly sale: SaleToRefund; readonly onClose: () => void }) {
  const run = usePayoutRun()
  const [amount, setAmount] = useState('')
  const [confirm, setConfirm] = useState('')
  const [reason, setReason] = useState<RefundReason>('customer_request')
  const [reasonText, setReasonText] = useState('')
  const [memo, setMemo] = useState(() => `Refund: ${sale.memo}`.trim().slice(0, MAX_PAYOUT_MEMO))
  const reasonId = useId()

  const typed = amount.trim()
  const quote = usePayoutQuote({ kind: 'refund', paymentId: sale.identifier, ...(typed === '' ? {} : { amount: typed }) })
  const remainder = quote.quote?.refundableRemainder ?? sale.remainder
  const locked = run.pending || run.result !== null || run.requested
  const payable = canPay({ amount, confirm, quote, run })

  function pay() {
    if (!payable) return
    const memoSent = memo.trim()
    void run.send((key) =>
      invoke('payouts:refund', {
        idempotencyKey: key,
        paymentId: sale.identifier,
        amount: typed,
        confirmAmount: confirm.trim(),
        reason,
        reasonText: reasonText.trim(),
        ...(memoSent === '' ? {} : { memo: memoSent })
      })
    )
  }

  return (
    <PayDialog
      what="refund"
      title="Refund"
      description={
        <>
          Sale <span className="mono">{sale.identifier}</span>: {formatAmount(sale.amount)} π from buyer{' '}
          <span className="mono">{sale.uid}</span>. The refund is paid from the app wallet to the buyer&apos;s Pi wallet.
        </>
      }
      run={run}
      quote={quote}
      payable={payable}
      onPay={pay}
      onClose={onClose}
    >
      {run.result !== null && directRefundOffered(run.result) ? (
        <DirectRefundOffer refused={run.result} amount={typed} reason={reason} reasonText={reasonText.trim()} memo={memo.trim()} />
      ) : null}
      <RefundRulesNote />
      <div className="payout-form__amount">
        <AmountField
          label="Amount to refund (Pi)"
          value={amount}
          disabled={locked}
          hint={`Up to ${formatAmount(remainder)} π is left to refund. Several partial refunds are fine.`}
          onChange={setAmount}
        />
        <Button
          size="small"
          disabled={locked || !isPositiveAmount(remainder)}
          onClick={() => setAmount(plainAmount(remainder))}
          data-full-remainder=""
        >
          Full remainder
        </Button>
      </div>
      {run.result === null && !run.requested ? <QuoteFacts quote={quote.quote} error={quote.error} current={quote.current} /> : null}
      <div className="field">
        <label className="field__label" htmlFor={reasonId}>
          Reason
        </label>
        <select
          id={reasonId}
          className="select"
          value={reason}
          disabled={locked}
          onChange={(event) => setReason(event.target.value as RefundReason)}
        >
          {REFUND_REASONS.map((code) => (
            <option key={code} value={code}>
              {REFUND_REASON_LABELS[code]}
            </option>
          ))}
        </select>
      </div>
      <TextField
        label="Reason details"
        value={reasonText}
        maxLength={MAX_REASON_TEXT}
        disabled={locked}
        hint="Optional. Kept with the refund and in the audit log; the buyer does not see it."
        onChange={(event) => setReasonText(event.target.value)}
      />
      <TextField
        label="Memo the buyer sees"
        value={memo}
        maxLength={MAX_PAYOUT_MEMO}
        disabled={locked}
        hint="Shown next to the refund in the buyer's Pi app."
        onChange={(event) => setMemo(event.target.value)}
      />
      <ConfirmAmountField amount={amount} value={confirm} disabled={locked} onChange={setConfirm} />
    </PayDialog>
  )
}
