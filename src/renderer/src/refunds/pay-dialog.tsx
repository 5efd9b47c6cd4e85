// The one dialog that pays Pi out of the app wallet, for a refund and for a payout alike: the same
// frame, status area (error, progress, result), Pay button with its rule, and the same way out
// ("Close (the refund continues)" while it runs, "Done" once it is over). Each kind brings only
// its own fields.
import type { ReactNode } from 'react'
import { Button, Modal } from '../ui'
import { PayButton, PayFormStatus, keepEscapeInside } from './pay-form-parts'
import type { PayoutQuoteState } from './use-payout-quote'
import type { PayoutRunState } from './use-payout-run'

export interface PayDialogProps {
  readonly what: 'refund' | 'payout'
  readonly title: string
  readonly description: ReactNode
  readonly run: PayoutRunState
  readonly quote: PayoutQuoteState
  readonly payable: boolean
  readonly onPay: () => void
  readonly onClose: () => void
  /** The kind's own fields. */
  readonly children: ReactNode
}

export function PayDialog({ what, title, description, run, quote, payable, onPay, onClose, children }: PayDialogProps) {
  return (
    // A refund opens inside the payment drawer, which closes on Escape: Escape closes this only.
    <div className="payout-dialog" onKeyDown={keepEscapeInside}>
      <Modal
        title={title}
        description={description}
        onClose={onClose}
        footer={
          run.result || run.requested ? (
            <Button variant="primary" onClick={onClose}>
              Done
            </Button>
          ) : (
            <>
              <Button variant="ghost" onClick={onClose}>
                {run.pending ? `Close (the ${what} continues)` : 'Cancel'}
              </Button>
              <PayButton enabled={payable} pending={run.pending} quote={quote} onPay={onPay} />
            </>
          )
        }
      >
        <PayFormStatus run={run} what={what} />
        <div className="payout-form" {...(what === 'refund' ? { 'data-refund-form': '' } : { 'data-payout-form': '' })}>
          {children}
        </div>
      </Modal>
    </div>
  )
}
