// The owner's refund policy: per role, the most one refund may be without approval, the most one
// person may refund per business day, how many days after a sale a refund is allowed without
// approval, whether a written reason is required; and for payouts that are not refunds, the
// amount above which they always need approval. Owners are bound by none of it (they set it);
// accountants move no money at all (roles.ts).
import type { Selectable } from 'kysely'
import { z } from 'zod'
import { runAudited } from '../audit'
import { getSetting, putSetting, type MerchantDb, type RefundPolicyTable } from '../db'
import { UserFacingError } from '../../shared/errors'
import { formatPi, parseUserAmount, type Stroops } from '../../shared/money'
import type { Role } from './roles'

export const POLICY_ROLES = ['manager', 'staff'] as const
export type PolicyRole = (typeof POLICY_ROLES)[number]

export interface RolePolicy {
  /** The most one refund may be without approval; null: no limit. */
  readonly maxRefund: Stroops | null
  /** The most one person may refund per business day without approval; null: no limit. */
  readonly dailyLimit: Stroops | null
  /** How many days after the sale a refund may be made without approval; null: any time. */
  readonly windowDays: number | null
  /** A refund needs the reason in words. */
  readonly requireReason: boolean
  /** A payout (not a refund) above this needs approval; 0: every payout; null: none. */
  readonly approvalAbove: Stroops | null
}

export interface RefundPolicy {
  readonly roles: Readonly<Record<PolicyRole, RolePolicy>>
  /** How long an approval stays good for paying. */
  readonly approvalValidHours: number
  /** Which roles the owner has set (the others follow the defaults). */
  readonly setBy: Readonly<Partial<Record<PolicyRole, { readonly by: string; readonly at: Date }>>>
}

const PI = 10_000_000n

/** Until the owner says otherwise: staff refund small amounts on their own, managers anything. */
export const DEFAULT_POLICY: Readonly<Record<PolicyRole, RolePolicy>> = {
  manager: { maxRefund: null, dailyLimit: null, windowDays: null, requireReason: false, approvalAbove: 100n * PI },
  staff: { maxRefund: 10n * PI, dailyLimit: 50n * PI, windowDays: 30, requireReason: true, approvalAbove: 0n }
}

export const APPROVAL_VALID_HOURS_SETTING = 'policy.approval_valid_hours'
export const DEFAULT_APPROVAL_VALID_HOURS = 24

export function isPolicyRole(role: string): role is PolicyRole {
  return (POLICY_ROLES as readonly string[]).includes(role)
}

export async function readPolicy(store: Pick<MerchantDb, 'db'>): Promise<RefundPolicy> {
  const rows = await store.db.selectFrom('refund_policy').selectAll().execute()
  const roles: Record<PolicyRole, RolePolicy> = { ...DEFAULT_POLICY }
  const setBy: Partial<Record<PolicyRole, { by: string; at: Date }>> = {}
  for (const row of rows) {
    roles[row.role] = fromRow(row)
    setBy[row.role] = { by: row.updated_by, at: new Date(Number(row.updated_at)) }
  }
  const hours = await getSetting(store, APPROVAL_VALID_HOURS_SETTING, z.number().int().min(1).max(24 * 30), DEFAULT_APPROVAL_VALID_HOURS)
  return { roles, approvalValidHours: hours, setBy }
}

/** The policy a person of `role` works under; null for owners (bound by none). */
export function policyFor(policy: RefundPolicy, role: Role): RolePolicy | null {
  return isPolicyRole(role) ? policy.roles[role] : null
}

function fromRow(row: Selectable<RefundPolicyTable>): RolePolicy {
  return {
    maxRefund: row.max_refund_stroops,
    dailyLimit: row.daily_limit_stroops,
    windowDays: row.window_days === null ? null : Number(row.window_days),
    requireReason: Number(row.require_reason) === 1,
    approvalAbove: row.payout_approval_above_stroops
  }
}

/** What the owner typed: amounts as Pi text ("" or "none" clears a limit), days as a number. */
export interface PolicyChange {
  readonly role: string
  readonly maxRefund?: string | null
  readonly dailyLimit?: string | null
  readonly windowDays?: number | null
  readonly requireReason?: boolean
  readonly approvalAbove?: string | null
  /** How long an approval stays good (for every role). */
  readonly approvalValidHours?: number
}

/** Sets one role's policy (the fields given; the rest stay), audited with before and after. */
export async function setPolicy(store: MerchantDb, actor: string, change: PolicyChange): Promise<RefundPolicy> {
  if (!isPolicyRole(change.role)) {
    throw new UserFacingError(
      'policy_role_invalid',
      change.role === 'owner' || change.role === 'accountant'
        ? `The refund policy is set for managers and staff: owners are bound by none of it, and accountants move no money. Nothing was changed.`
        : `"${change.role}" is not a role with a refund policy: choose manager or staff. Nothing was changed.`
    )
  }
  const role = change.role
  await runAudited(store, async (tx) => {
    const before = (await readPolicy(tx)).roles[role]
    const after: RolePolicy = {
      maxRefund: change.maxRefund === undefined ? before.maxRefund : limitAmount(change.maxRefund, 'most one refund may be'),
      dailyLimit: change.dailyLimit === undefined ? before.dailyLimit : limitAmount(change.dailyLimit, 'daily limit'),
      windowDays: change.windowDays === undefined ? before.windowDays : windowDays(change.windowDays),
      requireReason: change.requireReason ?? before.requireReason,
      approvalAbove: change.approvalAbove === undefined ? before.approvalAbove : limitAmount(change.approvalAbove, 'payout approval threshold')
    }
    const values = {
      max_refund_stroops: after.maxRefund,
      daily_limit_stroops: after.dailyLimit,
      window_days: after.windowDays,
      require_reason: after.requireReason ? 1 : 0,
      payout_approval_above_stroops: after.approvalAbove,
      updated_at: tx.now().getTime(),
      updated_by: actor
    }
    const hoursBefore = (await readPolicy(tx)).approvalValidHours
    const hours = change.approvalValidHours === undefined ? hoursBefore : validHours(change.approvalValidHours)
    if (hours !== hoursBefore) await putSetting(tx, APPROVAL_VALID_HOURS_SETTING, hours)
    await tx.db
      .insertInto('refund_policy')
      .values({ role, ...values })
      .onConflict((conflict) => conflict.column('role').doUpdateSet(values))
      .execute()
    return { value: undefined, audit: { actor, action: 'policy.set', subject: role, before: { ...policyAudit(before), approvalValidHours: hoursBefore }, after: { ...policyAudit(after), approvalValidHours: hours } } }
  })
  return readPolicy(store)
}

function limitAmount(typed: string | null, what: string): Stroops | null {
  if (typed === null) return null
  const text = typed.trim().toLowerCase()
  if (text === '' || text === 'none') return null
  let amount: Stroops
  try {
    amount = parseUserAmount(text, { allowZero: true })
  } catch (error) {
    throw new UserFacingError('policy_amount_invalid', `The ${what} "${typed.trim()}" is not an amount of Pi (at most 7 decimals). Nothing was changed.`, { cause: String(error) })
  }
  if (amount < 0n) throw new UserFacingError('policy_amount_invalid', `The ${what} cannot be negative. Nothing was changed.`)
  return amount
}

function windowDays(days: number | null): number | null {
  if (days === null) return null
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new UserFacingError('policy_window_invalid', `The refund window is a whole number of days from 1 to 3650 (or none). Nothing was changed.`)
  }
  return days
}

function validHours(hours: number): number {
  if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 30) {
    throw new UserFacingError('policy_validity_invalid', 'An approval stays good for a whole number of hours from 1 to 720. Nothing was changed.')
  }
  return hours
}

function policyAudit(policy: RolePolicy) {
  const pi = (amount: Stroops | null) => (amount === null ? null : formatPi(amount))
  return {
    maxRefund: pi(policy.maxRefund),
    dailyLimit: pi(policy.dailyLimit),
    windowDays: policy.windowDays,
    requireReason: policy.requireReason,
    approvalAbove: pi(policy.approvalAbove)
  }
}
