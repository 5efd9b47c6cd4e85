// The merchant's preferences as validated values. Synchronous (better-sqlite3 is), so a
// service can read a setting in the middle of its own work without awaiting.
// Secrets never come here: they belong to the encrypted secret store.
import type { z } from 'zod'
import type { MerchantDb } from './open'

/**
 * The stored value when it still parses with `schema`, else `fallback`. A value this build
 * cannot read (hand-edited, or an option that no longer exists) must not stop the app from
 * starting; the next `putSetting` replaces it.
 */
export function getSetting<T>(store: MerchantDb, key: string, schema: z.ZodType<T>, fallback: T): T {
  const json = store.sqlite.prepare('SELECT value_json FROM settings WHERE key = ?').pluck().get(key)
  if (typeof json !== 'string') return fallback
  const parsed = schema.safeParse(JSON.parse(json))
  return parsed.success ? parsed.data : fallback
}

/** Stores any JSON value; refuses what JSON cannot carry (undefined, functions, bigint). */
export function putSetting(store: MerchantDb, key: string, value: unknown): void {
  if (key === '') throw new Error('A setting needs a name.')
  const json = toJson(key, value)
  store.sqlite
    .prepare(
      `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`
    )
    .run(key, json, store.now().getTime())
}

/** The same two operations bound to one database; fits `SettingsStore` in settings-service.ts. */
export class SettingsRepository {
  constructor(private readonly store: MerchantDb) {}

  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    return getSetting(this.store, key, schema, fallback)
  }

  put(key: string, value: unknown): void {
    putSetting(this.store, key, value)
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
