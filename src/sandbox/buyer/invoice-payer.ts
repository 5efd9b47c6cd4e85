// A buyer paying a shop's invoice from their own wallet, the way a customer at the counter does:
// scan the address, amount and memo, send a REAL signed transaction (envelope.ts) through the
// sandbox's ledger. Each way a customer gets it wrong is one choice: short, over, twice, in two
// parts, after the invoice expired, or with a memo that is not the invoice's.
import type { SubmitOutcome } from '../chain/types'

export const INVOICE_PAYMENT_KINDS = ['exact', 'short', 'over', 'twice', 'split', 'late', 'wrong_memo'] as const
export type InvoicePaymentKind = (typeof INVOICE_PAYMENT_KINDS)[number]

/** What the invoice shows the customer. */
export interface InvoiceToPay {
  readonly address: string
  /** Stroops asked for. */
  readonly amount: bigint
  readonly memo: string
  /** When it expires (for `late`). */
  readonly expiresAt?: Date
}

/** A wallet that sends a text-memo transfer (a sandbox Buyer). */
export interface PayingWallet {
  sendTransfer(transfer: { readonly to: string; readonly amount: bigint; readonly memo: string }): SubmitOutcome
}

/** The ledger's clock, which `late` moves past the invoice's expiry (SimChain.advanceTime). */
export interface MovableClock {
  now(): Date
  advanceTime(ms: number): void
}

export interface InvoicePayment {
  readonly kind: InvoicePaymentKind
  /** Each transaction sent, in order, with what it carried. */
  readonly transfers: ReadonlyArray<{ readonly amount: bigint; readonly memo: string; readonly outcome: SubmitOutcome; readonly hash: string | null }>
}

/** Short and over by this much (a tenth of the amount, at least one stroop). */
function tenth(amount: bigint): bigint {
  return amount / 10n > 0n ? amount / 10n : 1n
}

/** A memo that is not the invoice's, still a plausible one (a typo in its last character). */
export function wrongMemoFor(memo: string): string {
  const last = memo.at(-1) ?? 'X'
  return `${memo.slice(0, -1)}${last === 'Z' ? 'Y' : 'Z'}`
}

export function payInvoice(wallet: PayingWallet, invoice: InvoiceToPay, kind: InvoicePaymentKind = 'exact', clock?: MovableClock): InvoicePayment {
  const plan: Array<{ amount: bigint; memo: string }> = []
  const { amount, memo } = invoice
  switch (kind) {
    case 'exact':
      plan.push({ amount, memo })
      break
    case 'short':
      plan.push({ amount: amount - tenth(amount) > 0n ? amount - tenth(amount) : 1n, memo })
      break
    case 'over':
      plan.push({ amount: amount + tenth(amount), memo })
      break
    case 'twice':
      plan.push({ amount, memo }, { amount, memo })
      break
    case 'split': {
      const first = amount / 2n > 0n ? amount / 2n : 1n
      plan.push({ amount: first, memo })
      if (amount - first > 0n) plan.push({ amount: amount - first, memo })
      break
    }
    case 'late': {
      if (clock === undefined || invoice.expiresAt === undefined) throw new Error('Paying late needs the ledger clock and the invoice expiry.')
      const wait = invoice.expiresAt.getTime() - clock.now().getTime() + 1_000
      if (wait > 0) clock.advanceTime(wait)
      plan.push({ amount, memo })
      break
    }
    case 'wrong_memo':
      plan.push({ amount, memo: wrongMemoFor(memo) })
      break
  }
  const transfers = plan.map((transfer) => {
    const outcome = wallet.sendTransfer({ to: invoice.address, amount: transfer.amount, memo: transfer.memo })
    const hash = outcome.kind === 'applied' ? outcome.transaction.hash : null
    return { ...transfer, outcome, hash }
  })
  return { kind, transfers }
}
