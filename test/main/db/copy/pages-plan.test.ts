// Each page of the copy is read from the table's key index, starting where the last page ended:
// a million payments cost a thousand short range scans, never a thousand scans from the start or
// a sort. SQLite's plans (PostgreSQL's planner is asked the same row-value range on its own indexes).
import { afterEach, describe, expect, it } from 'vitest'
import { COPY_ORDER } from '../../../../src/main/db/copy/tables'
import { pageQuery } from '../../../../src/main/db/copy/pages'
import { openTempLedger, type TempLedger } from '../../../support'

let ledger: TempLedger | null = null
afterEach(() => ledger?.close())

describe('the pages of the copy', () => {
  it.each(COPY_ORDER.map((table, index) => [`${table.table}${table.only ? ` (pass ${index})` : ''}`, table] as const))(
    '%s: read from an index in key order, from the last key read',
    (_name, table) => {
      ledger = openTempLedger()
      const after = table.key.map(() => 'x')
      const compiled = pageQuery(ledger.store, table, after, 1000).compile()
      const plan = ledger.store.sqlite.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...compiled.parameters) as { detail: string }[]
      const details = plan.map((step) => step.detail).join(' | ')
      expect(details).toMatch(/^SEARCH \w+ USING (INTEGER PRIMARY KEY|(COVERING )?INDEX \w+) \(/)
      expect(details).not.toMatch(/TEMP B-TREE/)
    }
  )
})
