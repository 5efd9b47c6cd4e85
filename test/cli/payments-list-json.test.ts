// #13 item 6: `payments list --json` reads Pi's records a page at a time, not one query per row:
// the statements SQLite prepares stay few whatever the row count, and every line still carries
// the payment's PaymentDTO exactly as `payments show` builds it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { runCli } from '../../src/cli'
import { openDatabase } from '../../src/main/db'
import { getPaymentDetail, paymentDtoView } from '../../src/main/ledger'
import { generatePayments, insertPayments } from '../main/ledger/payment-factory'

let dir: string
let db: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'md-list-json-'))
  db = join(dir, 'shop.sqlite')
  const store = openDatabase(db)
  insertPayments(store, generatePayments(1200, { seed: 11 }))
  store.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('payments list --json', () => {
  it('prepares a handful of statements for 1,200 rows, and prints each PaymentDTO as show does', async () => {
    const printed: string[] = []
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk))
      return true
    })
    const prepare = vi.spyOn(Database.prototype, 'prepare')
    try {
      const code = await runCli(['payments', 'list', '--all', '--json', '--db', db, '--network', 'sandbox'], { ...process.env, MERCHANT_DESK_DATA_DIR: dir })
      expect(code).toBe(0)
    } finally {
      write.mockRestore()
    }
    const statements = prepare.mock.calls.length
    prepare.mockRestore()
    const lines = printed.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown> & { identifier: string })
    const store = openDatabase(db, { readonly: true })
    try {
      const rows = Number(store.sqlite.prepare("SELECT count(*) FROM payments WHERE network_id = 'sandbox'").pluck().get())
      expect(lines).toHaveLength(rows)
      expect(rows).toBeGreaterThan(500)
      // Opening the database (migrations, settings) and three pages: far from one per row.
      expect(statements).toBeLessThan(60)
      for (const line of [lines[0]!, lines[Math.floor(rows / 2)]!, lines.at(-1)!]) {
        const detail = await getPaymentDetail(store, { networkId: 'sandbox', identifier: line.identifier })
        const { merchant_desk: _extra, ...dto } = line
        expect(dto).toEqual(JSON.parse(JSON.stringify(paymentDtoView(detail!.payment))))
      }
    } finally {
      store.close()
    }
  })
})
