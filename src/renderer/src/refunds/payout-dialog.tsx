// "New payout…": an A2U payment from the app wallet to a buyer's uid, for rewards and withdrawals.
// The same safeguards as a refund: the cost shown first, the amount typed twice, one request key
// for the life of the form, and the result (or main's sentence) on screen at the end.
import { useState } from 'react'
import { MAX_PAYOUT_MEMO } from '../../../shared/contract'
import { invoke } from '../api'
import { AmountField, TextField } from '../ui'
import { PayDialog } from './pay-dialog'
import { ConfirmAmountField, canPay } from './pay-form-parts'
import { QuoteFacts } from './quote-facts'
import { usePayoutQuote } from './use-payout-quote'
import { usePayoutRun } from './use-payout-run'

export function PayoutDialog({ onClose }: { readonly onClose: () => void }) {
  const run = usePayoutRun()
  const [uid, setUid] = useState('')
  const [amount, setAmount] = useState('')
  const [confirm, setConfirm] = useState('')
  const [memo, setMemo] = useState('')

  const buyer = uid.trim()
  const typed = amount.trim()
  const quote = usePayoutQuote(buyer === '' ? null : { kind: 'payout', uid: buyer, ...(typed === '' ? {} : { amount: typed }) })
  const locked = run.pending || run.result !== null || run.requested
  const payable = memo.trim() !== '' && canPay({ amount, confirm, quote, run })

  function pay() {
    if (!payable) return
    void run.send((key) => invoke('payouts:payout', { idempotencyKey: key, uid: buyer, amount: typed, confirmAmount: confirm.trim(), memo: memo.trim() }))
  }

  return (
    <PayDialog
      what="payout"
      title="New payout"
      description="Pays Pi from the app wallet to one buyer of your app, for a reward or a withdrawal. The buyer must have allowed your app to pay them."
      run={run}
      quote={quote}
      payable={payable}
      onPay={pay}
      onClose={onClose}
    >
      <TextField
        label="Buyer uid"
        className="mono"
        autoComplete="off"
        spellCheck={false}
        value={uid}
        disabled={locked}
        hint="The buyer's app-specific user id, as your backend received it from Pi."
        onChange={(event) => setUid(event.target.value)}
      />
      <AmountField label="Amount to pay (Pi)" value={amount} disabled={locked} onChange={setAmount} />
      {run.result === null && !run.requested ? (
        buyer === '' ? (
          <p className="muted">Enter the buyer&apos;s uid to see the fee and the wallet balance.</p>
        ) : (
          <QuoteFacts quote={quote.quote} error={quote.error} current={quote.current} />
        )
      ) : null}
      <TextField
        label="Memo the buyer sees"
        value={memo}
        maxLength={MAX_PAYOUT_MEMO}
        disabled={locked}
        hint="Required: shown next to the payment in the buyer's Pi app."
        onChange={(event) => setMemo(event.target.value)}
      />
      <ConfirmAmountField amount={amount} value={confirm} disabled={locked} onChange={setConfirm} />
    </PayDialog>
  )
}
