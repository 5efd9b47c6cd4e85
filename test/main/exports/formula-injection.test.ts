// A formula-injection corpus planted where buyers, shop backends and staff put text (memos, user
// ids, metadata keys and values, audit entries) stays inert in the written files: read back with
// csv-parse, every text cell is the payload behind a single quote, no cell could run as a
// formula, and the amount columns are still plain numbers (negative ones included).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendAudit } from '../../../src/main/audit'
import { couldRunAsFormula, runExport, verifyExport } from '../../../src/main/exports'
import { APP_WALLET, BUYER_WALLET, paymentRow } from '../db/helpers'
import { insertLedgerPayments } from '../ledger/payment-factory'
import { exportWorkspace, readCsv, type ExportWorkspace } from './fixture'
import { INJECTION_CORPUS } from './injection-corpus'

const DAY = Date.UTC(2025, 4, 20, 12)
let workspace: ExportWorkspace

const identifier = (index: number) => `inj${String(index).padStart(4, '0')}`.padEnd(28, 'Z')

beforeAll(async () => {
  workspace = exportWorkspace()
  const rows = INJECTION_CORPUS.map((payload, index) => {
    const outgoing = index % 3 === 0
    return paymentRow({
      identifier: identifier(index),
      memo: payload,
      user_uid: payload === '' ? 'x' : payload,
      metadata_json: JSON.stringify({ note: payload, [`k${index % 4}${payload}`]: payload }),
      direction: outgoing ? 'app_to_user' : 'user_to_app',
      from_address: outgoing ? APP_WALLET : BUYER_WALLET,
      to_address: outgoing ? BUYER_WALLET : APP_WALLET,
      source: outgoing ? 'payout' : 'chain',
      txid: null,
      tx_verified: null,
      tx_link: null,
      developer_completed: 0,
      transaction_verified: 0,
      amount_stroops: BigInt(index + 1) * 1_000_000n,
      created_at: DAY + index,
      chain_check: 'unchecked',
      chain_check_reasons_json: null,
      chain_checked_at: null
    })
  })
  await insertLedgerPayments(workspace.store, rows)
  for (const [index, payload] of INJECTION_CORPUS.entries()) {
    await appendAudit(workspace.store, {
      actor: 'desktop',
      action: 'payment.note',
      subject: payload === '' ? null : payload,
      before: { note: payload },
      after: payload,
      at: new Date(DAY + index)
    })
  }
})
afterAll(() => workspace?.remove())

async function exported(report: 'payments' | 'audit' | 'refunds') {
  const result = await runExport(
    workspace.store,
    { report, networkId: 'sandbox', from: '2025-05-20', to: '2025-05-20', timeZone: 'UTC', destination: workspace.file(`${report}.csv`) },
    { appVersion: 'test' }
  )
  return { result, csv: readCsv(result.csvPath) }
}

function expectInert(csv: ReturnType<typeof readCsv>, amountColumns: readonly string[]): void {
  for (const cell of csv.header) expect(couldRunAsFormula(cell), `header ${JSON.stringify(cell)}`).toBe(false)
  for (const row of csv.rows) {
    for (const [column, cell] of Object.entries(row)) {
      if (amountColumns.includes(column)) expect(cell, column).toMatch(/^-?\d+\.\d{7}$/)
      else expect(couldRunAsFormula(cell), `${column} ${JSON.stringify(cell)}`).toBe(false)
    }
  }
}

describe('a formula-injection corpus in the exported files', () => {
  it('comes back from the payments file as text behind a single quote, in every text column', async () => {
    const { result, csv } = await exported('payments')
    expect(csv.rows).toHaveLength(INJECTION_CORPUS.length)
    const byId = new Map(csv.rows.map((row) => [row.identifier, row]))
    INJECTION_CORPUS.forEach((payload, index) => {
      const row = byId.get(identifier(index))!
      expect(row.memo).toBe(`'${payload}`)
      expect(row.user_uid).toBe(payload === '' ? 'x' : `'${payload}`)
      expect(row['metadata.note']).toBe(`'${payload}`)
    })
    // The payload keys became column names, prefixed, so the header is inert too.
    expect(csv.header.filter((name) => name.startsWith('metadata.k')).length).toBeGreaterThan(20)
    expectInert(csv, ['gross', 'fee', 'net', 'refunded'])
    // Money out is negative, and stays a number.
    expect(byId.get(identifier(0))?.gross).toBe('-0.1000000')
    expect((await verifyExport(result.manifestPath)).problems).toEqual([])
  })

  it('stays inert in the refunds and audit files too', async () => {
    const refunds = await exported('refunds')
    expect(refunds.csv.rows).toHaveLength(INJECTION_CORPUS.filter((_, index) => index % 3 === 0).length)
    expectInert(refunds.csv, ['gross', 'fee', 'net'])
    const audit = await exported('audit')
    expect(audit.csv.rows).toHaveLength(INJECTION_CORPUS.length)
    expectInert(audit.csv, [])
    expect(audit.csv.rows[1]?.subject).toBe(`'${INJECTION_CORPUS[1]}`)
  })
})
