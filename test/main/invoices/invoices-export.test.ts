// The invoices export (invoices/1): one row per invoice made in the period, with what was asked and
// received, the fiat price and its locked rate, the order, the memo and every transaction counted,
// its control totals summed as stroops, and the file verifiable afterwards (both engines).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runExport, verifyExport } from '../../../src/main/exports'
import { readCsv, sumColumn } from '../exports/fixture'
import { invoiceFile } from './fixture'

const file = invoiceFile()

describe('the invoices export', () => {
  it('writes each invoice with its amounts, status, fiat rate, order, memo and transactions', async () => {
    const world = file.openWorld()
    const sandbox = file.sandbox()
    sandbox.rates.setRate('eur', 0.25)
    const fiat = await world.invoices.create({ fiatAmount: '3.10', currency: 'EUR', order: 'B-7', memo: '=1+1 B-7' })
    const pi = await world.invoices.create({ amount: '2' })
    const untouched = await world.invoices.create({ amount: '0.0000001' })
    const split = world.pay(fiat, 'split')
    world.pay(pi, 'over')
    await world.sync().run()
    const day = sandbox.chain.now().toISOString().slice(0, 10)
    const folder = mkdtempSync(join(tmpdir(), 'md-invoices-export-'))
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }))
    const destination = join(folder, 'invoices.csv')
    const result = await runExport(world.store, { report: 'invoices', networkId: 'sandbox', from: day, to: day, timeZone: 'UTC', destination }, { appVersion: 'test' })
    const csv = readCsv(result.csvPath)
    expect(csv.header).toEqual(['schema_version', 'created_at_local', 'created_at_utc', 'invoice_id', 'status', 'amount', 'received', 'fiat_amount', 'fiat_currency', 'rate', 'rate_pair', 'rate_source', 'rate_at_utc', 'order', 'memo', 'expires_at_utc', 'seen_at_utc', 'paid_at_utc', 'created_by', 'tx_hashes'])
    const byId = new Map(csv.rows.map((row) => [row.invoice_id, row]))
    expect(csv.rows.map((row) => row.invoice_id)).toEqual([fiat.id, pi.id, untouched.id])
    expect(byId.get(fiat.id)).toMatchObject({
      schema_version: 'invoices/1',
      status: 'paid',
      amount: '12.4000000',
      received: '12.4000000',
      fiat_amount: '3.10',
      fiat_currency: 'EUR',
      rate: '0.25',
      rate_pair: 'PI/EUR',
      rate_source: new URL(sandbox.platformUrl).host,
      order: 'B-7',
      // A memo that starts like a formula is neutralized as every text cell is.
      memo: "'=1+1 B-7",
      tx_hashes: split.transfers.map((transfer) => transfer.hash).join(' '),
      created_by: 'amira'
    })
    expect(byId.get(fiat.id)?.rate_at_utc).toBe(fiat.fiat?.rateAt)
    expect(byId.get(pi.id)).toMatchObject({ status: 'overpaid', amount: '2.0000000', received: '2.2000000', fiat_amount: '', rate: '', memo: pi.memo })
    expect(byId.get(untouched.id)).toMatchObject({ status: 'new', received: '0.0000000', seen_at_utc: '', paid_at_utc: '', tx_hashes: '' })
    expect(result.manifest.controlTotals).toEqual({ amount: '14.4000001', received: '14.6000000' })
    expect(sumColumn(csv.rows, 'received')).toBe(146_000_000n)
    const verified = await verifyExport(`${result.csvPath}.manifest.json`)
    expect(verified.ok).toBe(true)
  })
})
