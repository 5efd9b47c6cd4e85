// The waits behind the queue's advice, and how they read to a merchant. Each one protects the
// buyer or the merchant from a payment that is still in flight:
//  - Pi cancels a user-to-app payment not approved within about 60 s (pi-platform.md §2).
//  - After approval the buyer pays from the Pi Wallet, whose transaction is valid for a few
//    minutes (the sandbox's wallet and pi-nodejs use 180 s). Cancelling while they can still pay
//    would leave their Pi moved for a cancelled payment, so an approved, unpaid payment is only
//    cancelled `buyerPaysWithinMs` after it was started, and after the chain shows nothing
//    carrying its id.
//  - A payout's signed transaction can land until its maxTime (design.md, invariant 4); without
//    the payout journal's word, `payoutLandsWithinMs` after Pi created it.
import { APPROVAL_WINDOW_MS } from '../../shared/payments'
import type { QueueRules } from './ports'

export const DEFAULT_QUEUE_RULES: QueueRules = {
  approvalWindowMs: APPROVAL_WINDOW_MS,
  buyerPaysWithinMs: 15 * 60_000,
  payoutLandsWithinMs: 10 * 60_000
}

/** Slack for ledger close times and clock skew after a transaction's maxTime. */
export const LANDING_SLACK_MS = 30_000

export function resolveRules(overrides: Partial<QueueRules> | undefined): QueueRules {
  const rules = { ...DEFAULT_QUEUE_RULES, ...overrides }
  for (const [name, value] of Object.entries(rules)) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`queue rule ${name} must be a whole number of ms`)
  }
  return rules
}

export function ruleSentences(rules: QueueRules): string[] {
  return [
    `A buyer's payment must be approved within ${describeDuration(rules.approvalWindowMs)} of being started, or Pi cancels it and the buyer cannot pay.`,
    `A payment is completed only after its transaction is found on chain paying exactly its amount, with its id as memo, to the right wallet, on this network.`,
    `An approved payment the buyer has not paid is cancelled no sooner than ${describeDuration(rules.buyerPaysWithinMs)} after it was started: until then the buyer may still pay. Before cancelling, Merchant Desk checks that no transaction carrying its id is on chain.`,
    `A payout Pi still lists as open is cancelled only when nothing can land any more: no transaction carrying its id is on chain, and any transaction signed for it has expired (at the earliest ${describeDuration(rules.payoutLandsWithinMs)} after Pi created it).`
  ]
}

/**
 * "45 s", "12 min", "3 h", "2 days": how long, to the nearest unit (seconds rounded up). Where a
 * wait matters the exact instant is given next to it.
 */
export function describeDuration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  // Up to a minute and a half in seconds: "60 s" is what Pi's approval window is known as.
  if (seconds <= 90) return `${seconds} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${hours} h`
  return `${Math.round(hours / 24)} days`
}
