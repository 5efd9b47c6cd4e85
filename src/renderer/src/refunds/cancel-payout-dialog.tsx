// Cancelling a refund or payout is final, so it is asked once more, with what it means: main
// cancels only what has not been paid on chain, and says so if it is too late.
import type { ContractError, PayoutView } from '../../../shared/contract'
import { Button, ErrorBanner, Modal, formatAmount } from '../ui'
import { PAYOUT_KIND_LABELS, payoutSubject } from './payout-words'

export interface CancelPayoutDialogProps {
  readonly payout: PayoutView
  readonly pending: boolean
  readonly error: ContractError | null
  readonly onConfirm: () => void
  readonly onClose: () => void
}

export function CancelPayoutDialog({ payout, pending, error, onConfirm, onClose }: CancelPayoutDialogProps) {
  const what = PAYOUT_KIND_LABELS[payout.kind].toLowerCase()
  return (
    <Modal
      title={`Cancel this ${what}?`}
      description={`${payoutSubject(payout)}: ${formatAmount(payout.amount)} π.`}
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Keep it
          </Button>
          <Button variant="primary" disabled={pending} onClick={onConfirm} data-confirm-cancel="">
            {pending ? 'Cancelling…' : `Cancel the ${what}`}
          </Button>
        </>
      }
    >
      <p>
        Merchant Desk cancels the {what} with Pi and stops it for good; nothing will be paid. If it has already reached the
        chain, it is not cancelled and you are told so.
      </p>
      {payout.problem ? <p className="muted">Why it stopped: {payout.problem.message}</p> : null}
      {error ? <ErrorBanner error={error} title={`The ${what} was not cancelled`} /> : null}
    </Modal>
  )
}
