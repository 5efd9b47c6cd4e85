// People and the refund policy as the three front doors use them: each action checks the role of
// the person working (the router and the CLI check too; this is where the rule lives for them).
import type { EventBus } from '../ipc'
import type { MerchantDb } from '../db'
import { getSetting, putSetting } from '../db'
import { runAudited } from '../audit'
import { z } from 'zod'
import { addPerson, hasPeople, listPeople, removePerson, type NewPerson, type Person } from './people-store'
import { policyFor, readPolicy, setPolicy, type PolicyChange, type RefundPolicy } from './policy'
import { grantPersonLogin, revokePersonLogin, type GrantedLogin, type PersonLogin } from './postgres'
import { policySentences } from './refund-rules'
import type { Role } from './roles'
import type { PersonSecretCost } from './secret-hash'
import type { Acting, DeskSession } from './session'

export const IDLE_LOCK_MINUTES_SETTING = 'people.idle_lock_minutes'
export const DEFAULT_IDLE_LOCK_MINUTES = 10

export interface PeopleStatus {
  readonly peopleExist: boolean
  readonly current: Acting | null
  readonly people: readonly Person[]
  readonly idleLockMinutes: number
  readonly myPolicy: readonly string[]
}

export interface PeopleServiceOptions {
  readonly store: MerchantDb
  readonly session: DeskSession
  /** Tests: a cheaper scrypt for people's secrets. */
  readonly secretCost?: PersonSecretCost
  readonly events?: EventBus
}

export class PeopleService {
  constructor(private readonly options: PeopleServiceOptions) {}

  get session(): DeskSession {
    return this.options.session
  }

  async status(): Promise<PeopleStatus> {
    const { store, session } = this.options
    const current = await session.current()
    const people = await listPeople(store)
    const idleLock = await idleLockMinutes(store)
    return {
      peopleExist: people.length > 0,
      current,
      people,
      idleLockMinutes: idleLock,
      myPolicy: current === null ? [] : await this.sentencesFor(current.role)
    }
  }

  async unlock(name: string, secret: string): Promise<PeopleStatus> {
    await this.options.session.unlock(name, secret)
    return this.status()
  }

  async lock(): Promise<PeopleStatus> {
    await this.options.session.lock()
    return this.status()
  }

  async list(): Promise<Person[]> {
    await this.options.session.require('read')
    return listPeople(this.options.store)
  }

  /** Adds a person; on a desk without people, whoever sits there is its owner and adds the first (an owner). */
  async add(person: NewPerson): Promise<Person[]> {
    const acting = await this.options.session.require('people')
    await addPerson(this.options.store, acting.name, person, this.options.secretCost)
    this.changed('person added')
    return listPeople(this.options.store)
  }

  async remove(name: string): Promise<Person[]> {
    const acting = await this.options.session.require('people')
    const removed = await removePerson(this.options.store, acting.name, name)
    // Their own database login no longer writes this ledger (the four-eyes trigger refuses it anyway).
    if (removed.dbLogin !== null) await revokePersonLogin(this.options.store, removed.dbLogin)
    this.changed('person removed')
    // The desk was locked by removing the last person: it is the owner's again, as before people.
    if (!(await hasPeople(this.options.store))) await this.options.session.current()
    return listPeople(this.options.store)
  }

  /**
   * On a team's PostgreSQL ledger: gives a person their own database login (created, or reused),
   * with what their role may write there; the owner's work (`people grant-login`).
   */
  async grantLogin(login: PersonLogin): Promise<GrantedLogin> {
    const acting = await this.options.session.require('people')
    const granted = await grantPersonLogin(this.options.store, acting.name, login)
    this.changed('database login granted')
    return granted
  }

  /** After how many idle minutes the window locks itself: the owner's choice, audited. */
  async setIdleLock(minutes: number): Promise<PeopleStatus> {
    const acting = await this.options.session.require('people')
    const { store } = this.options
    await runAudited(store, async (tx) => {
      const before = await idleLockMinutes(tx)
      await putSetting(tx, IDLE_LOCK_MINUTES_SETTING, minutes)
      return { value: undefined, audit: { actor: acting.name, action: 'desk.idle_lock', subject: null, before: { minutes: before }, after: { minutes } } }
    })
    this.changed('idle lock set')
    return this.status()
  }

  async policy(): Promise<RefundPolicy> {
    await this.options.session.require('read')
    return readPolicy(this.options.store)
  }

  async setPolicy(change: PolicyChange): Promise<RefundPolicy> {
    const acting = await this.options.session.require('policy')
    const policy = await setPolicy(this.options.store, acting.name, change)
    this.changed('policy set')
    return policy
  }

  async sentencesFor(role: Role): Promise<string[]> {
    const policy = await readPolicy(this.options.store)
    return policySentences(role, policyFor(policy, role), policy.approvalValidHours)
  }

  private changed(reason: string): void {
    this.options.events?.emit('people:changed', { reason })
  }
}

function idleLockMinutes(store: Pick<MerchantDb, 'db'>): Promise<number> {
  return getSetting(store, IDLE_LOCK_MINUTES_SETTING, z.number().int().min(1).max(24 * 60), DEFAULT_IDLE_LOCK_MINUTES)
}
