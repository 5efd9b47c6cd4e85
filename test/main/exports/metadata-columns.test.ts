// The shop's metadata as columns: one per top-level key found in the exported rows, values exact
// to the digit (never through a double), nested values as JSON, and nothing lost when a payment's
// metadata is not an object or holds more keys than the file has columns for.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_METADATA_COLUMNS, runExport } from '../../../src/main/exports'
import { paymentRow } from '../db/helpers'
import { insertLedgerPayments } from '../ledger/payment-factory'
import { exportWorkspace, readCsv, type ExportWorkspace } from './fixture'

const AT = Date.UTC(2025, 7, 1, 12)
let workspace: ExportWorkspace
let index = 0

beforeEach(() => {
  workspace = exportWorkspace()
})
afterEach(() => workspace.remove())

async function withMetadata(...metadata: string[]): Promise<string[]> {
  const ids = metadata.map((json) => {
    index += 1
    return { id: `meta${index}`.padEnd(28, '0'), json }
  })
  await insertLedgerPayments(
    workspace.store,
    ids.map(({ id, json }, n) => ({
      ...paymentRow({ identifier: id, metadata_json: json, txid: null, tx_verified: null, tx_link: null, developer_completed: 0, transaction_verified: 0, created_at: AT + n }),
      chain_check: 'unchecked',
      chain_check_reasons_json: null,
      chain_checked_at: null
    }))
  )
  return ids.map(({ id }) => id)
}

async function exported() {
  const result = await runExport(
    workspace.store,
    { report: 'payments', networkId: 'sandbox', from: '2025-08-01', to: '2025-08-01', timeZone: 'UTC', destination: workspace.file('p.csv') },
    { appVersion: 'test' }
  )
  const csv = readCsv(result.csvPath)
  return { header: csv.header, rows: csv.rows, metadata: csv.header.filter((name) => name.startsWith('metadata')) }
}

describe('metadata columns', () => {
  it('adds none when no exported payment has metadata keys', async () => {
    await withMetadata('{}', '{}')
    const { metadata, rows } = await exported()
    expect(metadata).toEqual([])
    expect(rows).toHaveLength(2)
  })

  it('keeps every value exact: long numbers digit for digit, decimals as written, nested values as JSON', async () => {
    await withMetadata(
      '{"order": 123456789012345678901234567890, "price": 1.50, "tiny": 1e-7, "ok": true, "gone": null, "cart": {"items": [1, 2], "note": "é"}}',
      '{"order": "A-1", "quote\\"key": "x"}'
    )
    const { metadata, rows } = await exported()
    expect(metadata).toEqual(['metadata.cart', 'metadata.gone', 'metadata.ok', 'metadata.order', 'metadata.price', 'metadata.quote"key', 'metadata.tiny'])
    expect(rows[0]).toMatchObject({
      'metadata.order': '123456789012345678901234567890',
      'metadata.price': '1.50',
      'metadata.tiny': '1e-7',
      'metadata.ok': 'true',
      'metadata.gone': '',
      'metadata.cart': '{"items":[1,2],"note":"é"}',
      'metadata.quote"key': ''
    })
    expect(rows[1]).toMatchObject({ 'metadata.order': 'A-1', 'metadata.quote"key': 'x', 'metadata.price': '' })
  })

  it('carries metadata that is not an object whole, in metadata_other', async () => {
    await withMetadata('{"order": 7}', '[1, 2, 3]', '"just text"')
    const { metadata, rows } = await exported()
    expect(metadata).toEqual(['metadata.order', 'metadata_other'])
    expect(rows.map((row) => row.metadata_other)).toEqual(['', '[1, 2, 3]', '"just text"'])
  })

  it(`gives columns to the ${MAX_METADATA_COLUMNS} most used keys, and the whole metadata of rows with others in metadata_other`, async () => {
    const common = Object.fromEntries(Array.from({ length: MAX_METADATA_COLUMNS }, (_, n) => [`k${String(n).padStart(2, '0')}`, n]))
    const [plain, extra] = await withMetadata(JSON.stringify(common), JSON.stringify({ ...common, rare: 'only here' }), JSON.stringify(common))
    const { metadata, rows } = await exported()
    expect(metadata).toHaveLength(MAX_METADATA_COLUMNS + 1)
    expect(metadata).not.toContain('metadata.rare')
    expect(metadata.at(-1)).toBe('metadata_other')
    const byId = new Map(rows.map((row) => [row.identifier, row]))
    expect(byId.get(plain!)?.metadata_other).toBe('')
    expect(JSON.parse(byId.get(extra!)?.metadata_other ?? '{}')).toMatchObject({ rare: 'only here', k00: 0 })
  })
})
