// The people of a desk (or a team's ledger): add, list, remove, each written with its audit entry
// in one transaction. Names are unique regardless of case among current people; a removed person's
// row stays, because the log and the journal name them.
import type { Selectable } from 'kysely'
import { runAudited } from '../audit'
import type { MerchantDb, PeopleTable } from '../db'
import { UserFacingError } from '../../shared/errors'
import { isRole, ROLE_LABELS, type Role } from './roles'
import { hashPersonSecret, type PersonSecretCost } from './secret-hash'

export interface Person {
  readonly id: number
  readonly name: string
  readonly role: Role
  /** Their own PostgreSQL login on a team ledger, or null. */
  readonly dbLogin: string | null
  readonly createdAt: Date
  readonly createdBy: string
}

export type PersonRow = Selectable<PeopleTable>

const NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} .'_-]{0,63}$/u

/** A name as typed, trimmed and checked; refused with a sentence when it cannot name a person. */
export function personName(typed: string): string {
  const name = typed.trim().replace(/\s+/g, ' ')
  if (!NAME_PATTERN.test(name) || name.length > 64) {
    throw new UserFacingError(
      'person_name_invalid',
      `"${typed.slice(0, 64)}" cannot be a person's name: use 1 to 64 letters, digits, spaces, dots, dashes or apostrophes, starting with a letter or digit. Nothing was saved.`
    )
  }
  return name
}

export function toPerson(row: PersonRow): Person {
  return {
    id: Number(row.id),
    name: row.name,
    role: row.role,
    dbLogin: row.db_login,
    createdAt: new Date(Number(row.created_at)),
    createdBy: row.created_by
  }
}

export async function listPeople(store: Pick<MerchantDb, 'db'>): Promise<Person[]> {
  const rows = await store.db.selectFrom('people').selectAll().where('removed_at', 'is', null).orderBy('name_key').execute()
  return rows.map(toPerson)
}

/** Whether this ledger has people at all: with none, the desk is run by its owner as before. */
export async function hasPeople(store: Pick<MerchantDb, 'db'>): Promise<boolean> {
  const row = await store.db.selectFrom('people').select('id').where('removed_at', 'is', null).limit(1).executeTakeFirst()
  return row !== undefined
}

export async function findPersonRow(store: Pick<MerchantDb, 'db'>, name: string): Promise<PersonRow | null> {
  const row = await store.db
    .selectFrom('people')
    .selectAll()
    .where('name_key', '=', name.trim().toLowerCase())
    .where('removed_at', 'is', null)
    .executeTakeFirst()
  return row ?? null
}

export interface NewPerson {
  readonly name: string
  readonly role: string
  readonly secret: string
  readonly dbLogin?: string | null
}

/**
 * Adds a person. The first person must be an owner (someone must be able to add the others and
 * set the policy); from then on the desk asks who is working.
 */
export async function addPerson(store: MerchantDb, actor: string, input: NewPerson, cost?: PersonSecretCost): Promise<Person> {
  const name = personName(input.name)
  if (!isRole(input.role)) {
    throw new UserFacingError('person_role_invalid', `"${input.role}" is not a role: choose owner, manager, staff or accountant. Nothing was saved.`)
  }
  const role: Role = input.role
  const secretJson = await hashPersonSecret(input.secret, cost)
  const { value } = await runAudited(store, async (tx) => {
    if ((await findPersonRow(tx, name)) !== null) {
      throw new UserFacingError('person_exists', `There is already a person called ${name}. Choose another name, or remove that person first. Nothing was saved.`)
    }
    if (role !== 'owner' && !(await hasPeople(tx))) {
      throw new UserFacingError(
        'first_person_owner',
        `The first person must be an owner, who can then add the others and set the refund policy. Add yourself as owner first (--role owner). Nothing was saved.`
      )
    }
    const inserted = await tx.db
      .insertInto('people')
      .values({
        name,
        name_key: name.toLowerCase(),
        role,
        secret_json: secretJson,
        db_login: input.dbLogin ?? null,
        failed_unlocks: 0n,
        created_at: tx.now().getTime(),
        created_by: actor
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    const person = toPerson(inserted)
    return {
      value: person,
      audit: { actor, action: 'person.add', subject: name, before: null, after: { name, role, dbLogin: person.dbLogin } }
    }
  })
  return value
}

/** Removes a person (their row stays for the log). The last owner cannot be removed while others remain. */
export async function removePerson(store: MerchantDb, actor: string, typedName: string): Promise<Person> {
  const { value } = await runAudited(store, async (tx) => {
    const row = await findPersonRow(tx, typedName)
    if (row === null) throw unknownPerson(typedName)
    if (row.role === 'owner') {
      const owners = await tx.db.selectFrom('people').select('id').where('role', '=', 'owner').where('removed_at', 'is', null).execute()
      const others = await tx.db.selectFrom('people').select('id').where('removed_at', 'is', null).where('id', '<>', row.id).execute()
      if (owners.length === 1 && others.length > 0) {
        throw new UserFacingError(
          'last_owner',
          `${row.name} is the only owner: add another owner before removing them, or remove everyone else first. Nothing was changed.`
        )
      }
    }
    await tx.db.updateTable('people').set({ removed_at: tx.now().getTime(), removed_by: actor }).where('id', '=', row.id).execute()
    const person = toPerson(row)
    return { value: person, audit: { actor, action: 'person.remove', subject: person.name, before: { name: person.name, role: person.role }, after: null } }
  })
  return value
}

export function unknownPerson(name: string): UserFacingError {
  return new UserFacingError('person_unknown', `Nobody called "${name.trim().slice(0, 64)}" works at this desk. Check the name (\`merchant-desk people list\`).`)
}

export function describeRole(role: Role): string {
  return ROLE_LABELS[role].toLowerCase()
}
