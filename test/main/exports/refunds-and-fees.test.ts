// The refunds file joins the ledger with the payout journal: a refund Merchant Desk paid shows who
// asked for it and why, with the fee its transaction was charged; a refund that failed before Pi
// ever created it is listed too (no money moved, and the file says so). The fees file lists the
// same transaction's fee, and the payments file counts it against the app wallet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runExport, type ExportRequest } from '../../../src/main/exports'
import { APP_WALLET, BUYER_WALLET, paymentRow } from '../db/helpers'
import { ledgerSql } from '../../support'
import { insertLedgerPayments } from '../ledger/payment-factory'
import { exportWorkspace, readCsv, type ExportWorkspace } from './fixture'

const SALE = 'sale'.padEnd(28, '0')
const REFUND = 'refund'.padEnd(28, '0')
const REFUND_TX = 'cd'.repeat(32)
const AT = Date.UTC(2025, 5, 10, 8)
const unchecked = { chain_check: 'unchecked', chain_check_reasons_json: null, chain_checked_at: null } as const
let workspace: ExportWorkspace

beforeAll(async () => {
  workspace = exportWorkspace()
  const db = ledgerSql(workspace.store)
  await insertLedgerPayments(workspace.store, [
    { ...paymentRow({ identifier: SALE, amount_stroops: 50_000_000n, created_at: AT }), ...unchecked },
    {
      ...paymentRow({
        identifier: REFUND,
        amount_stroops: 20_000_000n,
        direction: 'app_to_user',
        from_address: APP_WALLET,
        to_address: BUYER_WALLET,
        source: 'payout',
        refund_of: SALE,
        txid: REFUND_TX,
        tx_link: null,
        memo: 'Refund: damaged mug',
        metadata_json: '{"ticket":"T-9"}',
        created_at: AT + 3_600_000
      }),
      ...unchecked
    }
  ])
  await db.run(
    `INSERT INTO chain_transactions (network_id, hash, ledger, created_at, source_account, fee_charged_stroops, max_fee_stroops,
       operation_count, successful, memo_type, memo, paging_token)
     VALUES ('sandbox', ?, 4242, ?, ?, 100000, 200000, 1, 1, 'text', ?, '1')`,
    REFUND_TX, AT + 3_600_500, APP_WALLET, REFUND
  )
  const journal = {
    run: (row: Record<string, unknown>) =>
      db.run(
        `INSERT INTO payouts (idempotency_key, network_id, app_wallet, kind, refund_of, user_uid, amount_stroops, memo, reason,
           reason_text, state, pi_payment_id, to_address, txid, ledger, fee_charged_stroops, requested_by, created_at, updated_at, finished_at)
         VALUES (?, 'sandbox', ?, 'refund', ?, 'user-7f3a', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ...['key', 'wallet', 'sale', 'amount', 'memo', 'reason', 'text', 'state', 'pi', 'to', 'txid', 'ledger', 'fee', 'by', 'at', 'at', 'finished'].map(
          (name) => row[name]
        )
      )
  }
  await journal.run({
    key: 'refund-key-0000000001', wallet: APP_WALLET, sale: SALE, amount: 20_000_000n, memo: 'Refund: damaged mug', reason: 'damaged',
    text: 'Arrived broken', state: 'completed', pi: REFUND, to: BUYER_WALLET, txid: REFUND_TX, ledger: 4242n, fee: 100_000n, by: 'maria',
    at: AT + 3_600_000, finished: AT + 3_601_000
  })
  await journal.run({
    key: 'refund-key-0000000002', wallet: APP_WALLET, sale: SALE, amount: 5_000_000n, memo: '=HYPERLINK("x")', reason: 'goodwill',
    text: '', state: 'failed', pi: null, to: null, txid: null, ledger: null, fee: null, by: 'tom', at: AT + 7_200_000, finished: AT + 7_200_100
  })
})
afterAll(() => workspace?.remove())

const request = (report: ExportRequest['report']): ExportRequest => ({
  report,
  networkId: 'sandbox',
  from: '2025-06-10',
  to: '2025-06-10',
  timeZone: 'Europe/Paris',
  appWallet: APP_WALLET,
  destination: workspace.file(`${report}.csv`),
  // Several tests export the same report: each replaces the file the one before wrote.
  replaceExisting: true
})

describe('refunds, payouts and fees', () => {
  it('lists a refund with its journal entry, and a failed request that never reached Pi', async () => {
    const result = await runExport(workspace.store, request('refunds'), { appVersion: 'test' })
    const rows = readCsv(result.csvPath).rows
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({
      schema_version: 'refunds/1',
      created_at_local: '2025-06-10T11:00:00.000+02:00',
      created_at_utc: '2025-06-10T09:00:00.000Z',
      kind: 'refund',
      identifier: REFUND,
      refund_of: SALE,
      reason: 'damaged',
      reason_text: 'Arrived broken',
      requested_by: 'maria',
      status: 'completed',
      journal_state: 'completed',
      gross: '-2.0000000',
      fee: '0.0100000',
      net: '-2.0100000',
      txid: REFUND_TX,
      ledger: '4242',
      explorer_url: '',
      finished_at_utc: '2025-06-10T09:00:01.000Z',
      'metadata.ticket': 'T-9'
    })
    expect(rows[1]).toMatchObject({
      identifier: '',
      status: '',
      journal_state: 'failed',
      requested_by: 'tom',
      memo: `'=HYPERLINK("x")`,
      gross: '-0.5000000',
      fee: '0.0000000',
      'metadata.ticket': ''
    })
    expect(result.manifest.controlTotals).toEqual({ gross: '-2.5000000', fee: '0.0100000', net: '-2.5100000' })
  })

  it('lists the refund’s fee in the fees file, tied to its payment', async () => {
    const result = await runExport(workspace.store, request('fees'), { appVersion: 'test' })
    expect(readCsv(result.csvPath).rows).toEqual([
      expect.objectContaining({ txid: REFUND_TX, ledger: '4242', successful: 'true', payment_identifier: REFUND, kind: 'refund', fee: '0.0100000' })
    ])
    expect(result.manifest.controlTotals).toEqual({ fee: '0.0100000' })
  })

  it('counts the sale in and the refund out of the app wallet in the payments file', async () => {
    const result = await runExport(workspace.store, request('payments'), { appVersion: 'test' })
    const rows = readCsv(result.csvPath).rows
    expect(rows.map((row) => [row.identifier, row.gross, row.fee, row.net, row.refunded])).toEqual([
      [SALE, '5.0000000', '0.0000000', '5.0000000', '2.0000000'],
      [REFUND, '-2.0000000', '0.0100000', '-2.0100000', '0.0000000']
    ])
    expect(result.manifest.controlTotals).toEqual({ gross: '3.0000000', fee: '0.0100000', net: '2.9900000' })
  })

  it('asks for the app wallet before a fees export, in words', async () => {
    await expect(runExport(workspace.store, { ...request('fees'), appWallet: null }, { appVersion: 'test' })).rejects.toMatchObject({
      code: 'app_wallet_missing'
    })
  })
})
