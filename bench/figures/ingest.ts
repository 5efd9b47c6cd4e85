// Figure 1, ingest: how fast the sync engine's store step writes what a sync fetched (pages of
// the app wallet's history, then Pi's records linked to their operations), against the same rows
// written bare: prepared INSERTs in one transaction, on a connection opened the same way.
//
// The store step is driven exactly as engine.ts drives it (chain-store.ts, then the lookup batch
// of pi-steps.ts), minus the network: a page of 200 operations per transaction, then Pi's answers
// 500 at a time, each upserted and linked in one transaction.
import { join } from 'node:path'
import { openDatabase, withTransaction, type MerchantDb } from '../../src/main/db'
import type { ChainPage } from '../../src/main/sync'
import { ChainStore, PaymentStore, paymentsStream, type ChainEntry } from '../../src/main/payments'
import { LOOKUP_BATCH, unresolvedBatchQuery } from '../../src/main/sync/pi-steps'
import { createPrng } from '../../src/sandbox/dataset/prng'
import { newUserUid } from '../../src/sandbox/platform/identifiers'
import type { Payment } from '../../src/shared/payments'
import type { BenchContext, Figure } from '../harness/context'
import { line } from '../harness/measure'

const PAGE = 200
const NETWORK = 'testnet'

interface Synced {
  readonly pages: ChainPage[]
  readonly payments: Payment[]
  readonly appWallet: string
}

export const ingestFigure: Figure = {
  name: 'ingest',
  sqliteOnly: 'its baseline is bare better-sqlite3 INSERTs and the figure is about SQLite commits (one fsync per page under synchronous = FULL)',
  describe: 'rows/s of the sync store step vs bare prepared inserts in one transaction',
  async run(context) {
    const synced = syncedRows(context.ingestPayments)
    context.log(`ingest: storing ${synced.payments.length} payments through the store step, then bare`)
    const product = await measure(context, 'store-step', (store) => storeStep(store, synced))
    const bare = await measure(context, 'bare', async (store) => bareInsert(store, synced))
    return [
      line({
        figure: 'ingest',
        metric: 'rows/s (store step: chain pages + Pi records, linked)',
        value: product,
        unit: 'payments/s',
        baseline: bare,
        targets: [{ kind: 'min', limit: 0.8, of: 'ratio' }],
        payments: synced.payments.length,
        note: 'each payment = 1 payment row + 1 chain transaction + 1 chain operation; synchronous=FULL, one commit per page/batch vs one commit'
      })
    ]
  }
}

async function measure(context: BenchContext, label: string, write: (store: MerchantDb) => Promise<void>): Promise<number> {
  const store = openDatabase(join(context.workDir, `ingest-${label}.sqlite`))
  try {
    const started = performance.now()
    await write(store)
    const seconds = (performance.now() - started) / 1000
    const stored = Number(store.sqlite.prepare("SELECT count(*) FROM chain_operations WHERE classification = 'pi_payment'").pluck().get())
    return stored / seconds
  } finally {
    store.close()
  }
}

/**
 * What the engine does with the pages and answers it fetched: each page stored as chain-step.ts
 * stores it, then the unresolved operations read back 500 at a time as pi-steps.ts reads them,
 * their Pi records upserted and linked in one transaction per batch.
 */
export async function storeStep(store: MerchantDb, synced: Synced): Promise<void> {
  const chain = new ChainStore(store, NETWORK)
  const stream = paymentsStream(synced.appWallet)
  const now = Date.now()
  for (const page of synced.pages) await chain.storePage(page, stream, now)

  const byId = new Map(synced.payments.map((payment) => [payment.identifier, payment]))
  let after = { createdAt: -(2n ** 63n), id: '' }
  for (;;) {
    const rows = await unresolvedBatchQuery(store, NETWORK, after, LOOKUP_BATCH).execute()
    const last = rows.at(-1)
    if (last === undefined) break
    after = { createdAt: last.created_at, id: last.id }
    const found = rows.map((row) => {
      const payment = row.memo === null ? undefined : byId.get(row.memo)
      if (payment === undefined) throw new Error(`ingest: no Pi record for memo ${row.memo}`)
      return payment
    })
    await withTransaction(store, async (tx) => {
      const payments = new PaymentStore(tx, NETWORK)
      await payments.upsertMany(found, 'chain', now)
      await payments.linkOperations(found.map((payment, index) => ({ operationId: (rows[index] as { id: string }).id, identifier: payment.identifier })))
    })
  }
}

/** The same final rows, bare. */
export function bareInsert(store: MerchantDb, synced: Synced): void {
  const { sqlite } = store
  const insertPayment = sqlite.prepare(
    `INSERT INTO payments (identifier, network_id, user_uid, amount_stroops, memo, metadata_json, from_address,
       to_address, direction, created_at, network, developer_approved, transaction_verified, developer_completed,
       cancelled, user_cancelled, txid, tx_verified, tx_link, source, first_seen_at, last_polled_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'chain', ?, ?)`
  )
  const insertTransaction = sqlite.prepare(
    `INSERT INTO chain_transactions (network_id, hash, ledger, created_at, source_account, fee_charged_stroops,
       max_fee_stroops, operation_count, successful, memo_type, memo, paging_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const insertOperation = sqlite.prepare(
    `INSERT INTO chain_operations (network_id, id, paging_token, transaction_hash, type, from_address, to_address,
       amount_stroops, created_at, successful, classification, payment_identifier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pi_payment', ?)`
  )
  const now = Date.now()
  sqlite.transaction(() => {
    for (const p of synced.payments) {
      const s = p.status
      insertPayment.run(p.identifier, NETWORK, p.userUid, p.amount, p.memo, JSON.stringify(p.metadata), p.fromAddress,
        p.toAddress, p.direction, p.createdAt.getTime(), p.network, +s.developerApproved, +s.transactionVerified,
        +s.developerCompleted, +s.cancelled, +s.userCancelled, p.transaction?.txid ?? null,
        p.transaction === null ? null : +p.transaction.verified, p.transaction?.horizonLink ?? null, now, now)
    }
    for (const page of synced.pages) {
      for (const entry of page.entries) {
        if (entry.kind !== 'operation') continue
        const { transaction: t, operation: o } = entry
        insertTransaction.run(NETWORK, t.hash, t.ledger, t.createdAt, t.sourceAccount, t.feeCharged, t.maxFee,
          t.operationCount, +t.successful, t.memoType, t.memo, t.pagingToken)
        insertOperation.run(NETWORK, o.id, o.pagingToken, o.transactionHash, o.type, o.from, o.to, o.amount,
          o.createdAt, +o.successful, t.memo)
      }
    }
  })()
}

/** Completed U2A sales as the sync would have fetched them: one chain operation and one Pi record each. */
export function syncedRows(count: number): Synced {
  const prng = createPrng(11, 'bench-ingest')
  const appWallet = `G${'A'.repeat(55)}`
  const start = Date.UTC(2025, 0, 1)
  const payments: Payment[] = []
  const entries: ChainEntry[] = []
  for (let i = 0; i < count; i++) {
    const identifier = prng.base62(28)
    const txid = prng.hex64()
    const buyer = `G${'B'.repeat(49)}${String(i % 100_000).padStart(6, '0').replace(/[0189]/g, 'C')}`
    const createdAt = start + i * 30_000
    const amount = BigInt(1 + prng.int(500)) * 1_000_000n
    payments.push({
      identifier,
      userUid: newUserUid(prng.int),
      amount,
      memo: 'Your Coffee beans 250g from the shop',
      metadata: { order_number: i + 1, product: 'Coffee beans 250g' },
      fromAddress: buyer,
      toAddress: appWallet,
      direction: 'user_to_app',
      createdAt: new Date(createdAt),
      network: 'Pi Testnet',
      status: { developerApproved: true, transactionVerified: true, developerCompleted: true, cancelled: false, userCancelled: false },
      transaction: { txid, verified: true, horizonLink: `https://api.testnet.minepi.com/transactions/${txid}` }
    })
    const pagingToken = String(1_000_000_000_000n + BigInt(i) * 4096n)
    entries.push({
      kind: 'operation',
      transaction: {
        hash: txid,
        ledger: 1000 + i,
        createdAt: createdAt + 5_000,
        sourceAccount: buyer,
        feeCharged: 100_000n,
        maxFee: 100_000n,
        operationCount: 1,
        successful: true,
        memoType: 'text',
        memo: identifier,
        pagingToken
      },
      operation: { id: pagingToken, pagingToken, transactionHash: txid, type: 'payment', from: buyer, to: appWallet, amount, createdAt: createdAt + 5_000, successful: true }
    })
  }
  const pages: ChainPage[] = []
  for (let at = 0; at < entries.length; at += PAGE) {
    const slice = entries.slice(at, at + PAGE)
    const last = slice.at(-1)
    pages.push({ entries: slice, skipped: [], cursor: last?.kind === 'operation' ? last.operation.pagingToken : null, lastPage: at + PAGE >= entries.length })
  }
  return { pages, payments, appWallet }
}
