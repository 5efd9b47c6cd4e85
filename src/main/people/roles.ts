// Who may do what: the four roles of a shop's desk and what each may do, in one table that the
// router (every channel), the command line (every command) and the payouts service (every refund
// and payout) all read. A desk with no people is run by its owner, as before issue 18.
import type { PersonRole } from '../db'

export const ROLES = ['owner', 'manager', 'staff', 'accountant'] as const satisfies readonly PersonRole[]
export type Role = PersonRole

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  owner: 'Owner',
  manager: 'Manager',
  staff: 'Staff',
  accountant: 'Accountant'
}

/**
 * What an action needs. `read` is looking at the books; the rest change something.
 * - refund / payout: start one (within the policy, or as a request above it)
 * - payouts: finish or cancel refunds and payouts already decided (resume, cancel)
 * - approve: decide another person's request
 */
export const CAPABILITIES = [
  'read',
  'sync',
  'queue',
  'refund',
  'payout',
  'payouts',
  'approve',
  'reconcile',
  'export',
  'secrets',
  'settings',
  'people',
  'policy',
  'team'
] as const
export type Capability = (typeof CAPABILITIES)[number]

const ROLE_CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  // Everything: keys, settings (the network), people, policy.
  owner: CAPABILITIES,
  // Refunds and payouts within policy, others' requests, the queue; not keys, network, people or policy.
  manager: ['read', 'sync', 'queue', 'refund', 'payout', 'payouts', 'approve', 'reconcile', 'export'],
  // The queue; refunds within their limits, above them a request.
  staff: ['read', 'sync', 'queue', 'refund', 'payout'],
  // Read, reconcile, export; moves no money.
  accountant: ['read', 'sync', 'reconcile', 'export']
}

export function can(role: Role, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role].includes(capability)
}

/** What the capability lets a person do, for the sentence that refuses it ("… may not {words}"). */
export const CAPABILITY_WORDS: Readonly<Record<Capability, string>> = {
  read: 'look at the books',
  sync: 'sync the ledger',
  queue: 'act on the incomplete-payment queue',
  refund: 'refund sales',
  payout: 'pay buyers from the app wallet',
  payouts: 'resume or cancel refunds and payouts',
  approve: "approve or deny other people's requests",
  reconcile: 'reconcile the books',
  export: 'export the books',
  secrets: 'change the Pi keys or the wallet seed',
  settings: "change the desk's settings (network, time zone)",
  people: 'add or remove people',
  policy: 'change the refund policy',
  team: 'change the team database'
}

/** Roles that may hold a capability, for the sentence ("ask an owner or a manager"). */
export function rolesThatCan(capability: Capability): Role[] {
  return ROLES.filter((role) => can(role, capability))
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}
