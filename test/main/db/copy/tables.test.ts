// The copy plan against the database itself: every column SQLite stores for a copied table is
// copied, except the ones the target computes (generated columns, and refund_count, kept by
// triggers). schema.ts checks the plan at compile time; this checks schema.ts's view against the
// migrations, so a column added by a migration cannot be left behind by the copy.
import { afterEach, describe, expect, it } from 'vitest'
import { COPY_ORDER, LEDGER_TABLES } from '../../../../src/main/db/copy/tables'
import { openTempLedger, type TempLedger } from '../../../support'

let ledger: TempLedger | null = null
afterEach(() => ledger?.close())

/** Columns SQLite computes itself: `hidden` 2 and 3 are generated (virtual and stored). */
const COMPUTED_BY_THE_TARGET: Record<string, readonly string[]> = { payments: ['refund_count'] }

describe('the copy plan', () => {
  it('copies every stored column of every copied table, and nothing the target computes', () => {
    ledger = openTempLedger()
    for (const table of COPY_ORDER) {
      const columns = ledger.store.sqlite.prepare('SELECT name, hidden FROM pragma_table_xinfo(?)').all(table.table) as { name: string; hidden: bigint }[]
      const stored = columns
        .filter((column) => column.hidden !== 2n && column.hidden !== 3n)
        .map((column) => column.name)
        .filter((name) => !(COMPUTED_BY_THE_TARGET[table.table] ?? []).includes(name))
      expect([...table.columns].sort(), table.table).toEqual(stored.sort())
    }
  })

  it('decides what to do with every table the migrations create', () => {
    ledger = openTempLedger()
    const created = (ledger.store.sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'payments_search_%' AND name <> 'schema_migrations'`)
      .all() as { name: string }[]).map((row) => row.name)
    expect([...LEDGER_TABLES].sort()).toEqual(created.sort())
  })
})
