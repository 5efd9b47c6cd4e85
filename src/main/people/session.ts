// Who is working at this desk now. With no people on the ledger, the desk is its owner's, as it
// was before people existed (the actor is "desktop", or the OS user on the command line). Once
// people exist, nothing but the "who is working" screen answers until a person unlocks the desk
// with their secret. The window locks it again after the owner's idle minutes (it alone sees keys
// and clicks: a call from main is no sign of a person, the views poll). Every check reads the
// person's row again, so a person removed or given another role on another desk stops at once.
import { appendAudit } from '../audit'
import { withTransaction, type MerchantDb } from '../db'
import { UserFacingError } from '../../shared/errors'
import { findPersonRow, hasPeople, toPerson, unknownPerson, type Person } from './people-store'
import { can, CAPABILITY_WORDS, rolesThatCan, type Capability, type Role } from './roles'
import { personSecretMatches } from './secret-hash'

/** Wrong secrets allowed before any wait (typos happen); then each attempt waits, doubling. */
const FREE_ATTEMPTS = 3
const FIRST_DELAY_MS = 8_000
const MAX_DELAY_MS = 15 * 60_000

export interface Acting {
  readonly name: string
  readonly role: Role
  /** The person, or null on a desk without people (its owner). */
  readonly person: Person | null
}

export interface DeskSessionOptions {
  readonly store: MerchantDb
  /** Who acts on a desk without people: "desktop", or the OS user on the command line. */
  readonly ownerName: string
  readonly now?: () => Date
  /** Told when the person at the desk changes (unlock, lock). */
  readonly onChange?: () => void
}

export class DeskSession {
  #personId: number | null = null
  #lastName: string

  constructor(private readonly options: DeskSessionOptions) {
    this.#lastName = options.ownerName
  }

  private now(): Date {
    return this.options.now?.() ?? this.options.store.now()
  }

  /** The name the audit log gives the action under way: the person who passed the last check. */
  actorName(): string {
    return this.#lastName
  }

  /** Who is working, or null when people exist and the desk is locked. */
  async current(): Promise<Acting | null> {
    if (!(await hasPeople(this.options.store))) {
      this.#personId = null
      this.#lastName = this.options.ownerName
      return { name: this.options.ownerName, role: 'owner', person: null }
    }
    if (this.#personId === null) return null
    const row = await this.options.store.db.selectFrom('people').selectAll().where('id', '=', BigInt(this.#personId)).where('removed_at', 'is', null).executeTakeFirst()
    if (row === undefined) {
      this.#personId = null
      this.options.onChange?.()
      return null
    }
    const person = toPerson(row)
    this.#lastName = person.name
    return { name: person.name, role: person.role, person }
  }

  /** Who is working, refusing with a sentence when nobody is (people exist and the desk is locked). */
  async acting(): Promise<Acting> {
    const acting = await this.current()
    if (acting === null) {
      throw new UserFacingError('desk_locked', 'The desk is locked: choose who is working and enter your secret (on the command line, MERCHANT_DESK_USER and MERCHANT_DESK_USER_SECRET). Nothing was done.')
    }
    return acting
  }

  /** The person at the desk, if their role may do this; otherwise refused with a sentence, and the attempt audited. */
  async require(capability: Capability): Promise<Acting> {
    const acting = await this.acting()
    if (!can(acting.role, capability)) {
      await appendAudit(this.options.store, { actor: acting.name, action: 'access.refused', subject: capability, before: null, after: { role: acting.role, capability } })
      throw notAllowed(acting, capability)
    }
    return acting
  }

  /**
   * Unlocks the desk as a person. Wrong secrets are counted on the person's row BEFORE the hash is
   * checked (so parallel guesses, on any desk, each count) and slow the next tries down; every
   * attempt is audited, never with what was typed.
   */
  async unlock(typedName: string, secret: string): Promise<Acting> {
    const store = this.options.store
    const now = this.now()
    const row = await withTransaction(store, async (tx) => {
      const found = await findPersonRow(tx, typedName)
      if (found === null) {
        await appendAudit(tx, { actor: 'unknown person', action: 'person.unlock_refused', subject: typedName.trim().slice(0, 64) || null, before: null, after: { reason: 'unknown person' } })
        return null
      }
      const blockedUntil = found.unlock_blocked_until === null ? 0 : Number(found.unlock_blocked_until)
      if (blockedUntil > now.getTime()) return { found, waitMs: blockedUntil - now.getTime() }
      const failures = Number(found.failed_unlocks) + 1
      const delay = failures <= FREE_ATTEMPTS ? 0 : Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - FREE_ATTEMPTS - 1))
      await tx.db
        .updateTable('people')
        .set({ failed_unlocks: BigInt(failures), unlock_blocked_until: delay === 0 ? null : BigInt(now.getTime() + delay) })
        .where('id', '=', found.id)
        .execute()
      return { found, waitMs: 0 }
    })
    if (row === null) throw unknownPerson(typedName)
    if (row.waitMs > 0) {
      await appendAudit(store, { actor: row.found.name, action: 'person.unlock_refused', subject: row.found.name, before: null, after: { reason: 'waiting after wrong secrets' } })
      throw new UserFacingError('unlock_wait', `Too many wrong secrets for ${row.found.name}: wait ${Math.ceil(row.waitMs / 1000)} seconds before trying again.`)
    }
    if (!(await personSecretMatches(secret, row.found.secret_json))) {
      await appendAudit(store, { actor: row.found.name, action: 'person.unlock_refused', subject: row.found.name, before: null, after: { reason: 'wrong secret' } })
      throw new UserFacingError('wrong_secret', `That is not ${row.found.name}'s secret. Try again (after a few wrong tries the desk waits before the next).`)
    }
    await withTransaction(store, async (tx) => {
      await tx.db.updateTable('people').set({ failed_unlocks: 0n, unlock_blocked_until: null }).where('id', '=', row.found.id).execute()
      await appendAudit(tx, { actor: row.found.name, action: 'person.unlock', subject: row.found.name, before: null, after: { role: row.found.role } })
    })
    const person = toPerson(row.found)
    this.#personId = person.id
    this.#lastName = person.name
    this.options.onChange?.()
    return { name: person.name, role: person.role, person }
  }

  /** Locks the desk (the person left, or the window sat idle); audited when someone was working. */
  async lock(): Promise<void> {
    if (this.#personId === null) return
    const name = this.#lastName
    this.#personId = null
    this.#lastName = this.options.ownerName
    await appendAudit(this.options.store, { actor: name, action: 'person.lock', subject: name, before: null, after: null })
    this.options.onChange?.()
  }
}

export function notAllowed(acting: Pick<Acting, 'name' | 'role'>, capability: Capability): UserFacingError {
  const who = rolesThatCan(capability)
    .map((role) => (role === 'owner' ? 'an owner' : role === 'accountant' ? 'an accountant' : role === 'staff' ? 'staff' : `a ${role}`))
    .join(' or ')
  return new UserFacingError(
    'not_allowed',
    `${acting.name} works as ${acting.role === 'owner' ? 'an owner' : acting.role === 'accountant' ? 'an accountant' : acting.role === 'staff' ? 'staff' : `a ${acting.role}`}, who may not ${CAPABILITY_WORDS[capability]}: ask ${who}. Nothing was done.`
  )
}
