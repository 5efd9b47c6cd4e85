// The merchant's preferences as validated values. Secrets never come here: they belong to the
// encrypted secret store. Inside a transaction, pass its handle (tx) as `store`.
import type { z } from 'zod'
import type { MerchantDb } from './open'

type SettingsDb = Pick<MerchantDb, 'db' | 'now'>

/**
 * The stored value when it still parses with `schema`, else `fallback`. A value this build
 * cannot read (hand-edited, or an option that no longer exists) must not stop the app from
 * starting; the next `putSetting` replaces it.
 */
export async function getSetting<T>(store: Pick<MerchantDb, 'db'>, key: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
  const row = await store.db.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst()
  if (row === undefined) return fallback
  const parsed = schema.safeParse(JSON.parse(row.value_json))
  return parsed.success ? parsed.data : fallback
}

/** Stores any JSON value; refuses what JSON cannot carry (undefined, functions, bigint). */
export async function putSetting(store: SettingsDb, key: string, value: unknown): Promise<void> {
  if (key === '') throw new Error('A setting needs a name.')
  const json = toJson(key, value)
  const updatedAt = store.now().getTime()
  await store.db
    .insertInto('settings')
    .values({ key, value_json: json, updated_at: updatedAt })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet((eb) => ({ value_json: eb.ref('excluded.value_json'), updated_at: eb.ref('excluded.updated_at') }))
    )
    .execute()
}

/** The same two operations bound to one database; fits `SettingsStore` in settings-service.ts. */
export class SettingsRepository {
  constructor(private readonly store: SettingsDb) {}

  get<T>(key: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
    return getSetting(this.store, key, schema, fallback)
  }

  put(key: string, value: unknown): Promise<void> {
    return putSetting(this.store, key, value)
  }
}

function toJson(key: string, value: unknown): string {
  let json: string | undefined
  try {
    json = JSON.stringify(value)
  } catch (error) {
    throw new TypeError(`Setting "${key}" cannot be stored as JSON: ${(error as Error).message}`, { cause: error })
  }
  if (json === undefined) throw new TypeError(`Setting "${key}" cannot be stored as JSON: it has no JSON form.`)
  return json
}
