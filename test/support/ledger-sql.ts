// Hand-written SQL a test reads or writes the ledger with, on either engine: through the store's
// kysely (so inside the same engine, pool and transaction rules as the code under test) instead of
// the raw SQLite connection, which PostgreSQL has not. `?` marks a parameter, as in SQLite; the
// statement itself must mean the same on both engines (plain SELECT/INSERT/UPDATE/DELETE).
// Integers come back as bigint on both, as the ledger reads them.
import { sql, type RawBuilder } from 'kysely'
import type { MerchantDb } from '../../src/main/db'

type Row = Record<string, unknown>

export interface LedgerSql {
  /** Every row (SQLite's `.all()`). */
  all<R = Row>(text: string, ...parameters: unknown[]): Promise<R[]>
  /** The first row, or undefined (`.get()`). */
  get<R = Row>(text: string, ...parameters: unknown[]): Promise<R | undefined>
  /** The first column of the first row, or undefined (`.pluck().get()`). */
  value<V = unknown>(text: string, ...parameters: unknown[]): Promise<V | undefined>
  /** The first column of every row (`.pluck().all()`). */
  values<V = unknown>(text: string, ...parameters: unknown[]): Promise<V[]>
  /** A statement whose rows nobody reads (`.run()`): how many rows it changed. */
  run(text: string, ...parameters: unknown[]): Promise<bigint>
}

export function ledgerSql(store: MerchantDb): LedgerSql {
  const execute = (text: string, parameters: unknown[]) => withParameters(text, parameters).execute(store.db)
  const all = async <R,>(text: string, ...parameters: unknown[]) => (await execute(text, parameters)).rows as R[]
  const firstColumn = (row: Row) => Object.values(row)[0]
  return {
    all,
    get: async <R,>(text: string, ...parameters: unknown[]) => (await all<R>(text, ...parameters))[0],
    value: async <V,>(text: string, ...parameters: unknown[]) => {
      const [row] = await all<Row>(text, ...parameters)
      return row === undefined ? undefined : (firstColumn(row) as V)
    },
    values: async <V,>(text: string, ...parameters: unknown[]) => (await all<Row>(text, ...parameters)).map((row) => firstColumn(row) as V),
    run: async (text, ...parameters) => (await execute(text, parameters)).numAffectedRows ?? 0n
  }
}

/** `?` outside quoted text becomes a bound parameter, in order. */
function withParameters(text: string, parameters: readonly unknown[]): RawBuilder<Row> {
  const pieces: RawBuilder<unknown>[] = []
  let literal = ''
  let quote: string | null = null
  let next = 0
  for (const char of text) {
    if (quote !== null) {
      if (char === quote) quote = null
      literal += char
    } else if (char === "'" || char === '"') {
      quote = char
      literal += char
    } else if (char === '?') {
      if (next >= parameters.length) throw new Error(`More ? than parameters in: ${text}`)
      pieces.push(sql.raw(literal), sql.val(parameters[next]))
      next += 1
      literal = ''
    } else {
      literal += char
    }
  }
  if (next !== parameters.length) throw new Error(`${parameters.length} parameters for ${next} ? in: ${text}`)
  pieces.push(sql.raw(literal))
  return sql<Row>`${sql.join(pieces, sql.raw(''))}`
}
