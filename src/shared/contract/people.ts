// Contract pieces of people, roles, the refund policy and approval requests (issue 18). A person's
// secret travels one way only, like the Pi keys: the window sends it to unlock or to add a person;
// no answer carries it (nor its hash) back.
import { z } from 'zod'

export const PERSON_ROLES = ['owner', 'manager', 'staff', 'accountant'] as const
export type PersonRoleName = (typeof PERSON_ROLES)[number]

export const PERSON_ROLE_LABELS: Readonly<Record<PersonRoleName, string>> = {
  owner: 'Owner',
  manager: 'Manager',
  staff: 'Staff',
  accountant: 'Accountant'
}

const personName = z.string().trim().min(1, { message: 'Enter the person’s name' }).max(64)
const secret = z.string().min(1, { message: 'Enter the secret' }).max(1024)

export const personUnlockInput = z.strictObject({ name: personName, secret })
export const personAddInput = z.strictObject({ name: personName, role: z.enum(PERSON_ROLES), secret })
export const personNameInput = z.strictObject({ name: personName })
/** After how many minutes without a key or a click the window locks itself (the owner decides). */
export const idleLockInput = z.strictObject({ minutes: z.number().int().min(1, { message: 'At least 1 minute' }).max(1440, { message: 'At most 1440 minutes (a day)' }) })

export interface PersonView {
  readonly name: string
  readonly role: PersonRoleName
  readonly dbLogin: string | null
  readonly addedAt: string
  readonly addedBy: string
}

export interface PeopleStatusView {
  /** False: a desk with no people, run by its owner as before. */
  readonly peopleExist: boolean
  /** Who is working now; null while the desk is locked. */
  readonly current: { readonly name: string; readonly role: PersonRoleName } | null
  /** The names and roles the "who is working" screen offers. */
  readonly people: readonly { readonly name: string; readonly role: PersonRoleName }[]
  /** The window locks itself after this many minutes without a key or a click. */
  readonly idleLockMinutes: number
  /** The refund policy that applies to the person working, in sentences (the refund dialog shows them). */
  readonly myPolicy: readonly string[]
}

const policyAmount = z.string().trim().max(40).nullable().optional()

export const policySetInput = z.strictObject({
  role: z.enum(['manager', 'staff']),
  maxRefund: policyAmount,
  dailyLimit: policyAmount,
  windowDays: z.number().int().min(1).max(3650).nullable().optional(),
  requireReason: z.boolean().optional(),
  approvalAbove: policyAmount,
  approvalValidHours: z.number().int().min(1).max(720).optional()
})
export type PolicySetInput = z.input<typeof policySetInput>

export interface RolePolicyView {
  readonly role: 'manager' | 'staff'
  /** Pi, 7 decimals; null: no limit. */
  readonly maxRefund: string | null
  readonly dailyLimit: string | null
  readonly windowDays: number | null
  readonly requireReason: boolean
  readonly approvalAbove: string | null
  /** Who set it last, or null while it follows the defaults. */
  readonly setBy: string | null
  readonly sentences: readonly string[]
}

export interface PolicyView {
  readonly roles: readonly RolePolicyView[]
  readonly approvalValidHours: number
}

export const REQUEST_STATES = ['open', 'approved', 'denied', 'paid', 'withdrawn'] as const
export type RequestState = (typeof REQUEST_STATES)[number]

export const requestListInput = z.strictObject({ waitingOnly: z.boolean().optional() }).optional()
export const requestDecisionInput = z.strictObject({
  id: z.number().int().positive(),
  note: z.string().trim().max(500).default('')
})

export interface ApprovalRequestView {
  readonly id: number
  readonly kind: 'refund' | 'payout'
  readonly state: RequestState
  /** The sale a refund gives back for. */
  readonly refundOf: string | null
  /** The buyer. */
  readonly uid: string
  readonly amount: string
  readonly memo: string
  readonly reason: string | null
  readonly reasonText: string
  /** The rule that made it a request, in words. */
  readonly rule: string
  readonly requestedBy: string
  readonly requestedAt: string
  readonly decidedBy: string | null
  readonly decidedAt: string | null
  readonly decisionNote: string
  readonly approvalExpiresAt: string | null
  /** The refund or payout it became, once paid. */
  readonly payoutId: number | null
  /** The sale, for the inbox: its amount and memo, when it is in the ledger. */
  readonly sale: { readonly amount: string; readonly memo: string; readonly createdAt: string } | null
}

export interface RequestListView {
  readonly items: readonly ApprovalRequestView[]
}
