// Which rule of the policy a refund or payout meets, read inside the payout's own transaction (so
// two desks refunding at once see each other's refunds of the day): none, and it is paid; one, and
// it becomes an approval request naming that rule. A missing reason is refused outright.
import { DateTime } from 'luxon'
import { sql } from 'kysely'
import type { MerchantDb } from '../db'
import { UserFacingError } from '../../shared/errors'
import { formatPi, type Stroops } from '../../shared/money'
import { policyFor, type RefundPolicy, type RolePolicy } from './policy'
import type { Role } from './roles'

export interface ActingPerson {
  readonly name: string
  readonly role: Role
}

export interface RefundFacts {
  readonly amount: Stroops
  /** When the sale was made (its Pi record's creation). */
  readonly saleCreatedAt: Date
  readonly reasonText: string
}

export interface RuleContext {
  readonly person: ActingPerson
  readonly policy: RefundPolicy
  /** The business time zone: "per day" is the shop's day. */
  readonly zone: string
  readonly now: Date
}

const DAY_MS = 86_400_000

/** The rule that needs approval for this refund, or null: paid now. Refuses a missing reason. */
export async function refundRule(tx: Pick<MerchantDb, 'db'>, context: RuleContext, refund: RefundFacts): Promise<string | null> {
  const rules = policyFor(context.policy, context.person.role)
  if (rules === null) return null
  const who = roleWords(context.person.role)
  if (rules.requireReason && refund.reasonText.trim() === '') {
    throw new UserFacingError(
      'refund_reason_required',
      `The refund policy asks ${who} to say why in words (for example --reason "the parcel never arrived"). Nothing was paid.`
    )
  }
  if (rules.maxRefund !== null && refund.amount > rules.maxRefund) {
    return `${formatPi(refund.amount)} Pi is above the ${formatPi(rules.maxRefund)} Pi ${who} may refund at once`
  }
  if (rules.windowDays !== null && context.now.getTime() - refund.saleCreatedAt.getTime() > rules.windowDays * DAY_MS) {
    return `the sale is more than ${rules.windowDays} days old, the most ${who} may refund without approval`
  }
  if (rules.dailyLimit !== null) {
    const today = await refundedToday(tx, context.person.name, context.zone, context.now)
    if (today + refund.amount > rules.dailyLimit) {
      return `${context.person.name} has refunded ${formatPi(today)} Pi today; with ${formatPi(refund.amount)} Pi more that is above the ${formatPi(rules.dailyLimit)} Pi a day ${who} may refund`
    }
  }
  return null
}

/** The rule that needs approval for this payout (not a refund), or null. */
export function payoutRule(context: RuleContext, amount: Stroops): string | null {
  const rules = policyFor(context.policy, context.person.role)
  if (rules === null || rules.approvalAbove === null || amount <= rules.approvalAbove) return null
  const who = roleWords(context.person.role)
  return rules.approvalAbove === 0n
    ? `every payout by ${who} needs approval`
    : `${formatPi(amount)} Pi is above the ${formatPi(rules.approvalAbove)} Pi ${who} may pay without approval`
}

/**
 * What this person refunded today on their own (not through an approved request), in refunds
 * that paid or may still pay: the journal's rows they asked for since the business day began.
 */
export async function refundedToday(tx: Pick<MerchantDb, 'db'>, name: string, zone: string, now: Date): Promise<Stroops> {
  const start = DateTime.fromJSDate(now).setZone(zone).startOf('day').toMillis()
  const row = await tx.db
    .selectFrom('payouts')
    .select((eb) => eb.fn.sum<bigint | null>('amount_stroops').as('total'))
    .where('requested_by', '=', name)
    .where('kind', '=', sql.lit('refund' as const))
    .where('state', '<>', sql.lit('failed'))
    .where('created_at', '>=', BigInt(start))
    .where('id', 'not in', (eb) => eb.selectFrom('approval_requests').select('payout_id').where('payout_id', 'is not', null).$narrowType<{ payout_id: bigint }>())
    .executeTakeFirst()
  return row?.total ?? 0n
}

/** The policy's lines for a person, as the refund dialog and `policy show` say them. */
export function policySentences(role: Role, rules: RolePolicy | null, validHours: number): string[] {
  if (role === 'accountant') return ['Accountants move no money: refunds and payouts are for owners, managers and staff.']
  if (rules === null) return ['Owners refund and pay without limits or approval.']
  const who = roleWords(role)
  const lines = [
    rules.maxRefund === null ? `No limit on one refund by ${who}.` : `Refunds above ${formatPi(rules.maxRefund)} Pi need approval.`,
    rules.dailyLimit === null ? 'No daily limit.' : `Above ${formatPi(rules.dailyLimit)} Pi of refunds a day, each needs approval.`,
    rules.windowDays === null ? 'Sales of any age may be refunded.' : `Sales older than ${rules.windowDays} days need approval to refund.`,
    rules.requireReason ? 'Say the reason in words.' : 'A reason code is enough.',
    rules.approvalAbove === null
      ? 'Payouts need no approval.'
      : rules.approvalAbove === 0n
        ? 'Every payout needs approval.'
        : `Payouts above ${formatPi(rules.approvalAbove)} Pi need approval.`
  ]
  if (rules.maxRefund !== null || rules.dailyLimit !== null || rules.windowDays !== null || rules.approvalAbove !== null) {
    lines.push(`An approval stays good for ${validHours} hours.`)
  }
  return lines
}

function roleWords(role: Role): string {
  return role === 'staff' ? 'staff' : `a ${role}`
}
