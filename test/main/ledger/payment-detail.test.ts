// One payment's detail: Pi's record, its chain transaction and operations, its refunds and their
// totals, and a timeline of the events whose time is known.
import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MerchantDb } from '../../../src/main/db/open'
import { AUDIT_GENESIS_HASH } from '../../../src/main/db/schema'
import { getPaymentDetail } from '../../../src/main/ledger'
import { APP_WALLET, generatePayments, insertLedgerPayments, type PaymentInsert } from './payment-factory'
import { ledgerSql, openScratchLedger } from '../../support'

const at = (minute: number, second = 0) => Date.UTC(2025, 2, 14, 9, minute, second)
const hash = (n: number) => n.toString(16).padStart(64, '0')
const BUYER = `G${'BUYER'.padEnd(55, 'B')}`

let store: MerchantDb
beforeEach(async () => {
  store = openScratchLedger({ now: () => new Date(at(59)) }).store
})
afterEach(() => store.close())

const [saleBase, r1Base, r2Base, r3Base, otherBase] = generatePayments(5, { seed: 9 }) as PaymentInsert[] & { length: 5 }

function completed(txid: string) {
  return { developer_approved: 1, transaction_verified: 1, developer_completed: 1, cancelled: 0, user_cancelled: 0, txid, tx_verified: 1, tx_link: `https://horizon.example/transactions/${txid}` } as const
}
const unchecked = { chain_check: 'unchecked', chain_check_reasons_json: null, chain_checked_at: null } as const
const sandbox = { network_id: 'sandbox', network: 'Pi Testnet', refund_of: null } as const

const sale: PaymentInsert = {
  ...saleBase!, ...sandbox, ...completed(hash(1)),
  direction: 'user_to_app', from_address: BUYER, to_address: APP_WALLET, source: 'chain',
  amount_stroops: 100_000_000n, memo: 'Order 1042: two loaves', metadata_json: '{"orderId":1042,"basket":["rye","spelt"]}',
  created_at: at(0), first_seen_at: at(2), last_polled_at: at(40),
  chain_check: 'verified', chain_check_reasons_json: null, chain_checked_at: at(3)
}
const refund = (base: PaymentInsert, overrides: Partial<PaymentInsert>): PaymentInsert => ({
  ...base, ...sandbox, ...unchecked,
  direction: 'app_to_user', from_address: APP_WALLET, to_address: BUYER, source: 'payout', refund_of: sale.identifier,
  first_seen_at: overrides.created_at ?? at(10), last_polled_at: at(50), ...overrides
})
const paidRefund = refund(r1Base!, { ...completed(hash(2)), amount_stroops: 30_000_000n, created_at: at(10) })
const pendingRefund = refund(r2Base!, {
  developer_approved: 1, transaction_verified: 0, developer_completed: 0, cancelled: 0, user_cancelled: 0,
  txid: hash(3), tx_verified: 0, tx_link: null, amount_stroops: 20_000_000n, created_at: at(20)
})
const cancelledRefund = refund(r3Base!, {
  developer_approved: 1, transaction_verified: 0, developer_completed: 0, cancelled: 1, user_cancelled: 0,
  txid: null, tx_verified: null, tx_link: null, amount_stroops: 50_000_000n, created_at: at(30)
})

async function insertTransaction(txHash: string, createdAt: number, ledger: number, source: string, fee = 100_000n) {
  await ledgerSql(store).run(
      `INSERT INTO chain_transactions (network_id, hash, ledger, created_at, source_account, fee_charged_stroops,
         max_fee_stroops, operation_count, successful, memo_type, memo, paging_token)
       VALUES ('sandbox', ?, ?, ?, ?, ?, 200000, 1, 1, 'text', 'memo', ?)`,
      txHash, ledger, createdAt, source, fee, String(ledger)
  )
}

async function insertOperation(id: string, txHash: string, createdAt: number, paymentIdentifier: string | null) {
  await ledgerSql(store).run(
      `INSERT INTO chain_operations (network_id, id, paging_token, transaction_hash, type, from_address, to_address,
         amount_stroops, created_at, successful, classification, payment_identifier)
       VALUES ('sandbox', ?, ?, ?, 'payment', ?, ?, 100000000, ?, 1, ?, ?)`,
      id, id, txHash, BUYER, APP_WALLET, createdAt, paymentIdentifier ? 'pi_payment' : 'unresolved', paymentIdentifier
  )
}

let lastAuditHash = AUDIT_GENESIS_HASH
async function audit(subject: string, action: string, atMs: number) {
  const entryHash = createHash('sha256').update(`${lastAuditHash}|${action}|${atMs}`).digest('hex')
  await ledgerSql(store).run(
      `INSERT INTO audit_log (at, actor, action, subject, before_json, after_json, prev_hash, hash)
       VALUES (?, 'owner', ?, ?, '{"status":"completed"}', '{"refund":"0.3000000"}', ?, ?)`,
      atMs, action, subject, lastAuditHash, entryHash
  )
  lastAuditHash = entryHash
}

describe('getPaymentDetail', () => {
  beforeEach(async () => {
    lastAuditHash = AUDIT_GENESIS_HASH
    await insertLedgerPayments(store, [sale, paidRefund, pendingRefund, cancelledRefund])
    await insertTransaction(hash(1), at(1, 5), 812, BUYER)
    await insertOperation('3487513620481', hash(1), at(1, 5), sale.identifier)
    await insertTransaction(hash(2), at(11), 900, APP_WALLET, 120_000n)
    await audit(`payment:${sale.identifier}`, 'refund.create', at(9))
    await audit(sale.identifier, 'note.add', at(45))
    await audit(`payment:${paidRefund.identifier}`, 'refund.submit', at(10, 30))
  })

  it("returns Pi's record, the chain transaction with ledger and fee, and its operations", async () => {
    const detail = await getPaymentDetail(store, { networkId: 'sandbox', identifier: sale.identifier })
    expect(detail?.payment).toMatchObject({
      identifier: sale.identifier,
      amount: 100_000_000n,
      metadata: { orderId: 1042, basket: ['rye', 'spelt'] },
      fromAddress: BUYER,
      network: 'Pi Testnet',
      status: { developerApproved: true, transactionVerified: true, developerCompleted: true, cancelled: false, userCancelled: false },
      transaction: { txid: hash(1), verified: true, horizonLink: `https://horizon.example/transactions/${hash(1)}` }
    })
    expect(detail?.chain.transaction).toEqual({
      hash: hash(1), ledger: 812n, createdAt: new Date(at(1, 5)), sourceAccount: BUYER, feeCharged: 100_000n, successful: true, memo: 'memo'
    })
    expect(detail?.chain.operations.map((operation) => [operation.id, operation.amount])).toEqual([['3487513620481', 100_000_000n]])
    expect(detail?.chainCheck).toEqual({ outcome: 'verified' })
    expect(detail?.source).toBe('chain')
  })

  it('lists every refund, totals the paid and the pending ones, and what remains refundable', async () => {
    const detail = await getPaymentDetail(store, { networkId: 'sandbox', identifier: sale.identifier })
    expect(detail?.refunds.map((row) => [row.identifier, row.status])).toEqual([
      [paidRefund.identifier, 'completed'],
      [pendingRefund.identifier, 'submitted'],
      [cancelledRefund.identifier, 'cancelled']
    ])
    expect(detail?.refundTotals).toEqual({ completed: 30_000_000n, inProgress: 20_000_000n, count: 3 })
    expect(detail?.refundableRemainder).toBe(50_000_000n)
    expect(detail?.row.refunded).toBe(30_000_000n)
    expect(detail?.row.flags).toEqual(['partially_refunded'])
  })

  it('tells the story in time order, leaving out what has no known time', async () => {
    const timeline = (await getPaymentDetail(store, { networkId: 'sandbox', identifier: sale.identifier }))?.timeline ?? []
    expect(timeline.map((event) => [event.kind, event.at.toISOString()])).toEqual([
      ['created', '2025-03-14T09:00:00.000Z'],
      ['on_chain', '2025-03-14T09:01:05.000Z'],
      ['first_seen', '2025-03-14T09:02:00.000Z'],
      ['chain_verified', '2025-03-14T09:03:00.000Z'],
      ['staff_action', '2025-03-14T09:09:00.000Z'],
      ['refund', '2025-03-14T09:10:00.000Z'],
      ['refund_on_chain', '2025-03-14T09:11:00.000Z'],
      ['refund', '2025-03-14T09:20:00.000Z'],
      ['refund', '2025-03-14T09:30:00.000Z'],
      ['staff_action', '2025-03-14T09:45:00.000Z']
    ])
    expect(timeline[1]).toMatchObject({ kind: 'on_chain', txid: hash(1), ledger: 812n, fee: 100_000n, successful: true })
    expect(timeline[4]).toMatchObject({ actor: 'owner', action: 'refund.create', before: { status: 'completed' } })
    expect(timeline[6]).toMatchObject({ refundIdentifier: paidRefund.identifier, ledger: 900n, fee: 120_000n })
  })

  it("shows a refund's own detail with no refundable remainder", async () => {
    const detail = await getPaymentDetail(store, { networkId: 'sandbox', identifier: paidRefund.identifier })
    expect(detail?.row.refundOf).toBe(sale.identifier)
    expect(detail?.refundableRemainder).toBeNull()
    expect(detail?.chain.transaction?.feeCharged).toBe(120_000n)
    expect(detail?.timeline.map((event) => event.kind)).toEqual(['created', 'first_seen', 'staff_action', 'on_chain'])
  })

  it('finds the transaction through a linked operation when Pi has not linked one', async () => {
    const unlinked: PaymentInsert = {
      ...otherBase!, ...sandbox, ...unchecked,
      developer_approved: 1, transaction_verified: 0, developer_completed: 0, cancelled: 0, user_cancelled: 0,
      txid: null, tx_verified: null, tx_link: null, direction: 'user_to_app', from_address: BUYER, to_address: APP_WALLET,
      created_at: at(5), first_seen_at: at(6), chain_check: 'verified', chain_checked_at: at(7)
    }
    await insertLedgerPayments(store, [unlinked])
    await insertTransaction(hash(7), at(5, 30), 815, BUYER)
    await insertOperation('3487513620999', hash(7), at(5, 30), unlinked.identifier)
    const detail = await getPaymentDetail(store, { networkId: 'sandbox', identifier: unlinked.identifier })
    expect(detail?.chain.transaction?.hash).toBe(hash(7))
    expect(detail?.payment.transaction).toBeNull()
    expect(detail?.row.flags).toContain('paid_on_chain_unlinked')
  })

  it('reports the reasons of a failed chain check in the timeline', async () => {
    await ledgerSql(store).run(`UPDATE payments SET chain_check = 'failed', chain_check_reasons_json = ?, chain_checked_at = ? WHERE identifier = ?`, '["amount_mismatch","some_future_reason"]', at(4), sale.identifier)
    const detail = await getPaymentDetail(store, { networkId: 'sandbox', identifier: sale.identifier })
    expect(detail?.chainCheck).toEqual({ outcome: 'failed', reasons: ['amount_mismatch'] })
    expect(detail?.timeline.find((event) => event.kind === 'chain_check_failed')).toEqual({
      kind: 'chain_check_failed', at: new Date(at(4)), reasons: ['amount_mismatch']
    })
    expect(detail?.row.flags).toContain('amount_mismatch')
  })

  it('answers null for an unknown payment and for a payment of another network', async () => {
    expect(await getPaymentDetail(store, { networkId: 'sandbox', identifier: otherBase!.identifier })).toBeNull()
    expect(await getPaymentDetail(store, { networkId: 'mainnet', identifier: sale.identifier })).toBeNull()
  })
})
