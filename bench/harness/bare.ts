// The bare side of a database figure, on either engine: SQL text run on a plain connection, each
// statement prepared once (a better-sqlite3 statement; on PostgreSQL a named prepared statement
// of one pg client), rows read with the same integer handling the product uses (bigint).
import SqliteDatabase from 'better-sqlite3'
import type pg from 'pg'
import { bareClient } from '../dataset/ledger-postgres'
import type { BenchLedger } from '../dataset/ledger-db'

export interface BareDatabase {
  /** Runs `sql` (prepared on first use) and returns its rows (synchronously on SQLite, as before issue 17). */
  all<R = Record<string, unknown>>(sql: string, params: readonly unknown[]): R[] | Promise<R[]>
  close(): Promise<void>
}

export async function openBare(ledger: BenchLedger): Promise<BareDatabase> {
  return ledger.engine === 'postgres' ? bareOnPostgres(await bareClient(ledger.path)) : bareOnSqlite(ledger.path)
}

function bareOnSqlite(path: string): BareDatabase {
  const sqlite = new SqliteDatabase(path, { readonly: true })
  sqlite.defaultSafeIntegers(true)
  const statements = new Map<string, SqliteDatabase.Statement>()
  return {
    all<R>(sql: string, params: readonly unknown[]) {
      let statement = statements.get(sql)
      if (statement === undefined) {
        statement = sqlite.prepare(sql)
        statements.set(sql, statement)
      }
      return statement.all(...params) as R[]
    },
    async close() {
      sqlite.close()
    }
  }
}

function bareOnPostgres(client: pg.Client): BareDatabase {
  // pg parses and plans a named statement once per connection and binds it afterwards.
  const names = new Map<string, string>()
  return {
    async all<R>(sql: string, params: readonly unknown[]) {
      let name = names.get(sql)
      if (name === undefined) {
        name = `bench_${names.size + 1}`
        names.set(sql, name)
      }
      const result = await client.query({ name, text: sql, values: [...params] })
      return result.rows as R[]
    },
    async close() {
      await client.end()
    }
  }
}
