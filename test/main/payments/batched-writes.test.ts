// The payments repository writes a few hundred rows per statement. These tests hold the rows a
// batch leaves in the database to what one write per row left: every row, in every chunk, with
// its own values, and the outcomes in input order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { syncedRows } from '../../../bench/figures/ingest'
import type { MerchantDb } from '../../../src/main/db'
import { ChainFacts, ChainStore, PaymentStore, paymentsStream, syncedCursor, type ChainRowsPage } from '../../../src/main/payments'
import { WRITE_BATCH } from '../../../src/main/payments/payment-store'
import type { ChainCheck, ChainFailureReason } from '../../../src/shared/payments'
import { openScratchLedger } from '../../support'

const NETWORK = 'testnet'
const COUNT = WRITE_BATCH * 2 + 50 // three chunks, the last one partial
const NO_HORIZON = {
  transaction: () => Promise.reject(new Error('not asked')),
  transactionOperations: () => Promise.reject(new Error('not asked'))
}

let store: MerchantDb
const synced = syncedRows(COUNT)
const allEntries = synced.pages.flatMap((page) => page.entries)
const onePage = (entries = allEntries): ChainRowsPage => ({ entries, cursor: lastToken(entries) })

function lastToken(entries: typeof allEntries): string | null {
  const last = entries.at(-1)
  return last?.kind === 'operation' ? last.operation.pagingToken : null
}

beforeEach(() => {
  store = openScratchLedger().store
})
afterEach(() => store.close())

const operations = () =>
  store.db.selectFrom('chain_operations').select(['id', 'classification', 'payment_identifier']).orderBy('paging_token').execute()

describe('ChainStore.storePage in batches', () => {
  it('stores every transaction and operation of a page larger than one statement, with the cursor', async () => {
    const chain = new ChainStore(store, NETWORK)
    const stored = await chain.storePage(onePage(), paymentsStream(synced.appWallet), 1_000)
    expect(stored).toEqual({ transactionsAdded: COUNT, operationsAdded: COUNT, linked: 0, unresolved: COUNT, directTransfers: 0 })

    const rows = await store.db.selectFrom('chain_operations').selectAll().orderBy('paging_token').execute()
    expect(rows).toHaveLength(COUNT)
    allEntries.forEach((entry, index) => {
      if (entry.kind !== 'operation') throw new Error('fixture')
      expect(rows[index]).toMatchObject({ id: entry.operation.id, transaction_hash: entry.transaction.hash, amount_stroops: entry.operation.amount, classification: 'unresolved' })
    })
    const hashes = await store.db.selectFrom('chain_transactions').select(['hash', 'memo']).execute()
    expect(new Map(hashes.map((row) => [row.hash, row.memo]))).toEqual(
      new Map(allEntries.map((entry) => (entry.kind === 'operation' ? [entry.transaction.hash, entry.transaction.memo] : ['', null])))
    )
    expect(await chain.cursor(paymentsStream(synced.appWallet))).toBe(lastToken(allEntries))
  })

  it('counts a page stored twice, or an operation twice in one page, once; the cursor never moves back', async () => {
    const chain = new ChainStore(store, NETWORK)
    const stream = paymentsStream(synced.appWallet)
    await chain.storePage(onePage(), stream, 1_000)
    const again = await chain.storePage(onePage([...allEntries.slice(0, 10), ...allEntries.slice(0, 10)]), stream, 2_000)
    expect(again).toEqual({ transactionsAdded: 0, operationsAdded: 0, linked: 0, unresolved: 0, directTransfers: 0 })
    expect(await operations()).toHaveLength(COUNT)
    expect(await chain.cursor(stream)).toBe(lastToken(allEntries))
  })

  it('links new operations to payments the ledger already holds, and only those', async () => {
    const known = synced.payments.slice(0, WRITE_BATCH + 10)
    await new PaymentStore(store, NETWORK).upsertMany(known, 'chain', 1_000)
    const stored = await new ChainStore(store, NETWORK).storePage(onePage(), paymentsStream(synced.appWallet), 1_000)
    expect(stored).toMatchObject({ linked: known.length, unresolved: COUNT - known.length })
    const linked = (await operations()).filter((row) => row.classification === 'pi_payment')
    expect(linked.map((row) => row.payment_identifier).sort()).toEqual(known.map((payment) => payment.identifier).sort())
  })
})

describe('PaymentStore in batches', () => {
  it('inserts every record of a batch larger than one statement, each with its own values', async () => {
    const outcomes = await new PaymentStore(store, NETWORK).upsertMany(synced.payments, 'chain', 5_000)
    expect(outcomes).toEqual(synced.payments.map(() => 'inserted'))
    const rows = await store.db.selectFrom('payments').select(['identifier', 'amount_stroops', 'txid', 'source', 'first_seen_at']).execute()
    expect(rows).toHaveLength(COUNT)
    const byId = new Map(rows.map((row) => [row.identifier, row]))
    for (const payment of synced.payments) {
      expect(byId.get(payment.identifier)).toEqual({
        identifier: payment.identifier,
        amount_stroops: payment.amount,
        txid: payment.transaction?.txid ?? null,
        source: 'chain',
        first_seen_at: 5_000n
      })
    }
  })

  it('answers each record in input order: new, refreshed, or of another network; an id twice is inserted then refreshed', async () => {
    const [a, b, c] = synced.payments as [(typeof synced.payments)[0], (typeof synced.payments)[0], (typeof synced.payments)[0]]
    await new PaymentStore(store, 'sandbox').upsert(c, 'tracked', 1)
    await new PaymentStore(store, NETWORK).upsert(a, 'tracked', 1)
    const payments = new PaymentStore(store, NETWORK)
    expect(await payments.upsertMany([a, b, c], 'chain', 2)).toEqual(['updated', 'inserted', 'other_network'])
    const d = synced.payments[3] as (typeof synced.payments)[0]
    expect(await payments.upsertMany([d, { ...d, amount: d.amount + 1n }], 'chain', 3)).toEqual(['inserted', 'updated'])
    const rows = await store.db.selectFrom('payments').select(['identifier', 'network_id', 'source', 'amount_stroops']).orderBy('identifier').execute()
    expect(rows).toEqual(
      [
        { identifier: a.identifier, network_id: NETWORK, source: 'tracked', amount_stroops: a.amount },
        { identifier: b.identifier, network_id: NETWORK, source: 'chain', amount_stroops: b.amount },
        { identifier: c.identifier, network_id: 'sandbox', source: 'tracked', amount_stroops: c.amount },
        { identifier: d.identifier, network_id: NETWORK, source: 'chain', amount_stroops: d.amount + 1n }
      ].sort((x, y) => (x.identifier < y.identifier ? -1 : 1))
    )
  })

  it('links each operation to its own payment across chunks, leaves classified ones alone, and returns the links made', async () => {
    await new ChainStore(store, NETWORK).storePage(onePage(), paymentsStream(synced.appWallet), 1)
    const payments = new PaymentStore(store, NETWORK)
    await payments.upsertMany(synced.payments, 'chain', 1)
    const links = allEntries.map((entry) => {
      if (entry.kind !== 'operation' || entry.transaction.memo === null) throw new Error('fixture')
      return { operationId: entry.operation.id, identifier: entry.transaction.memo }
    })
    expect(await payments.markDirectTransfers([links[0]?.operationId as string])).toBe(1)
    const made = await payments.linkOperations(links)
    expect(made).toHaveLength(COUNT - 1)
    expect(made).toEqual(expect.arrayContaining(links.slice(1)))
    const rows = await operations()
    expect(rows[0]).toMatchObject({ classification: 'direct_transfer', payment_identifier: null })
    rows.slice(1).forEach((row, index) => expect(row).toEqual({ id: links[index + 1]?.operationId, classification: 'pi_payment', payment_identifier: links[index + 1]?.identifier }))
    expect(await payments.linkOperations(links)).toEqual([])
  })

  it('stores verdicts grouped by outcome, each payment with its own', async () => {
    const payments = new PaymentStore(store, NETWORK)
    await payments.upsertMany(synced.payments, 'chain', 1)
    const verdicts = synced.payments.map((payment, index) => {
      const reasons: ChainFailureReason[] = index % 3 === 1 ? ['amount_mismatch'] : ['memo_mismatch', 'not_found']
      const check: ChainCheck = index % 3 === 0 ? { outcome: 'verified' } : { outcome: 'failed', reasons }
      return { identifier: payment.identifier, check }
    })
    await payments.recordChecks(verdicts, 7)
    const rows = await store.db.selectFrom('payments').select(['identifier', 'chain_check', 'chain_check_reasons_json', 'chain_checked_at']).execute()
    const byId = new Map(rows.map((row) => [row.identifier, row]))
    for (const { identifier, check } of verdicts) {
      expect(byId.get(identifier)).toEqual({
        identifier,
        chain_check: check.outcome,
        chain_check_reasons_json: check.outcome === 'failed' ? JSON.stringify(check.reasons) : null,
        chain_checked_at: 7n
      })
    }
  })
})

describe('ChainFacts.heldAmong', () => {
  it('reads the stored transactions of many hashes at once, each with its own transfers; unknown ones are absent', async () => {
    await new ChainStore(store, NETWORK).storePage(onePage(), paymentsStream(synced.appWallet), 1)
    const hashes = allEntries.map((entry) => (entry.kind === 'operation' ? entry.transaction.hash : ''))
    const held = await new ChainFacts(store, NETWORK, NO_HORIZON).heldAmong([...hashes, 'f'.repeat(64)])
    expect(held.size).toBe(COUNT)
    for (const entry of allEntries) {
      if (entry.kind !== 'operation') continue
      expect(held.get(entry.transaction.hash)).toEqual({
        hash: entry.transaction.hash,
        successful: true,
        memoType: 'text',
        memo: entry.transaction.memo,
        transfers: [{ native: true, from: entry.operation.from, to: entry.operation.to, amount: entry.operation.amount }]
      })
    }
    expect(await new ChainFacts(store, NETWORK, NO_HORIZON).held('f'.repeat(64))).toBeUndefined()
  })
})

describe('syncedCursor', () => {
  it("says where the sync stopped reading the wallet's history, null before its first page", async () => {
    expect(await syncedCursor(store, NETWORK, synced.appWallet)).toBeNull()
    await new ChainStore(store, NETWORK).storePage(onePage(allEntries.slice(0, 5)), paymentsStream(synced.appWallet), 1)
    expect(await syncedCursor(store, NETWORK, synced.appWallet)).toBe(lastToken(allEntries.slice(0, 5)))
    expect(await syncedCursor(store, 'sandbox', synced.appWallet)).toBeNull()
  })
})
