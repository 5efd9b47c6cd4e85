// Everything the ledger knows about one payment: Pi's record, our chain facts, its refunds and
// their totals, and its timeline. A handful of lookups by key, each through an index.
import type { Stroops } from '../../shared/money'
import type { NetworkId, PiNetworkName } from '../../shared/network'
import type { Payment } from '../../shared/payments'
import type { MerchantDb } from '../db/open'
import type { ChainOperationType, PaymentSource } from '../db/schema'
import { PAID_BY_THIS_DESK, PAYMENT_TX_FEE, PAYMENT_TX_LEDGER } from './payment-chain'
import { LEDGER_ROW_COLUMNS, chainCheckOf, piStatusFlags, toLedgerRow, type LedgerRowRecord } from './row-mapping'
import { buildTimeline, type StaffAction } from './timeline'
import type { ChainOperationFacts, ChainTransactionFacts, LedgerRow, PaymentDetail, RefundTotals } from './types'

interface DetailRecord extends LedgerRowRecord {
  readonly metadata_json: string
  readonly from_address: string
  readonly to_address: string
  readonly network: PiNetworkName
  readonly tx_link: string | null
  readonly source: PaymentSource
  readonly chain_checked_at: bigint | null
  readonly last_polled_at: bigint
  readonly chain_ledger: bigint | null
  readonly chain_fee: bigint | null
  readonly by_this_desk: bigint
}

interface TransactionRecord {
  readonly hash: string
  readonly ledger: bigint
  readonly created_at: bigint
  readonly source_account: string
  readonly fee_charged_stroops: bigint
  readonly successful: bigint
  readonly memo: string | null
}

interface OperationRecord {
  readonly id: string
  readonly transaction_hash: string
  readonly type: ChainOperationType
  readonly from_address: string
  readonly to_address: string
  readonly amount_stroops: bigint
  readonly created_at: bigint
  readonly successful: bigint
}

/** Null when the network holds no payment with this identifier. */
export function getPaymentDetail(
  store: MerchantDb,
  target: { readonly networkId: NetworkId; readonly identifier: string }
): PaymentDetail | null {
  const { sqlite } = store
  const record = sqlite
    .prepare(
      `SELECT ${LEDGER_ROW_COLUMNS}, p.metadata_json, p.from_address, p.to_address, p.network, p.tx_link, p.source,
         p.chain_checked_at, p.last_polled_at, ${PAYMENT_TX_LEDGER} AS chain_ledger, ${PAYMENT_TX_FEE} AS chain_fee,
         ${PAID_BY_THIS_DESK} AS by_this_desk
       FROM payments AS p WHERE p.identifier = ? AND p.network_id = ?`
    )
    .get(target.identifier, target.networkId) as DetailRecord | undefined
  if (record === undefined) return null

  const now = store.now()
  const row = toLedgerRow(record, now)
  const refunds = (
    sqlite
      .prepare(`SELECT ${LEDGER_ROW_COLUMNS} FROM payments AS p WHERE p.refund_of = ? ORDER BY p.created_at, p.identifier`)
      .all(record.identifier) as LedgerRowRecord[]
  ).map((refund) => toLedgerRow(refund, now))

  const operations = linkedOperations(store, record)
  const primaryHash = record.chain_txid
  const hashes = [primaryHash, ...refunds.map((refund) => refund.txid)].filter((hash): hash is string => hash !== null)
  const transactions = transactionsByHash(store, target.networkId, hashes)
  const transaction = primaryHash === null ? null : (transactions.get(primaryHash) ?? null)
  const chainCheck = chainCheckOf(record)
  const chainCheckedAt = record.chain_checked_at === null ? null : new Date(Number(record.chain_checked_at))
  const refundTotals = totalsOf(refunds)

  return {
    row,
    payment: piRecord(record, row),
    source: record.source,
    lastPolledAt: new Date(Number(record.last_polled_at)),
    chainCheck,
    chainCheckedAt,
    chain: { transaction, operations, txid: primaryHash, ledger: record.chain_ledger, fee: record.chain_fee },
    refunds,
    refundTotals,
    refundableRemainder: refundableRemainder(row, refundTotals),
    timeline: buildTimeline({
      createdAt: row.createdAt,
      createdBy: row.direction === 'user_to_app' ? 'buyer' : record.by_this_desk === 1n ? 'this_desk' : 'app',
      firstSeenAt: row.firstSeenAt,
      source: record.source,
      transaction,
      chainCheck,
      chainCheckedAt,
      refunds,
      transactions,
      staffActions: staffActions(store, record.identifier)
    })
  }
}

/** Operations of Pi's txid and those the sync linked to this payment, oldest first, each once. */
function linkedOperations(store: MerchantDb, record: DetailRecord): ChainOperationFacts[] {
  const columns = 'id, transaction_hash, type, from_address, to_address, amount_stroops, created_at, successful'
  const linked = store.sqlite
    .prepare(`SELECT ${columns} FROM chain_operations WHERE payment_identifier = ? AND network_id = ?`)
    .all(record.identifier, record.network_id) as OperationRecord[]
  const ofTransaction =
    record.txid === null
      ? []
      : (store.sqlite
          .prepare(`SELECT ${columns} FROM chain_operations WHERE network_id = ? AND transaction_hash = ?`)
          .all(record.network_id, record.txid) as OperationRecord[])
  const byId = new Map<string, OperationRecord>()
  for (const operation of [...ofTransaction, ...linked]) byId.set(operation.id, operation)
  return [...byId.values()]
    .sort((a, b) => Number(a.created_at - b.created_at) || compareOperationIds(a.id, b.id))
    .map((operation) => ({
      id: operation.id,
      transactionHash: operation.transaction_hash,
      type: operation.type,
      from: operation.from_address,
      to: operation.to_address,
      amount: operation.amount_stroops,
      createdAt: new Date(Number(operation.created_at)),
      successful: operation.successful === 1n
    }))
}

/** Horizon operation ids are int64 in decimal: compare them as numbers. */
function compareOperationIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
}

function transactionsByHash(store: MerchantDb, networkId: NetworkId, hashes: readonly string[]) {
  const found = new Map<string, ChainTransactionFacts>()
  const read = store.sqlite.prepare(
    `SELECT hash, ledger, created_at, source_account, fee_charged_stroops, successful, memo
     FROM chain_transactions WHERE network_id = ? AND hash = ?`
  )
  for (const hash of new Set(hashes)) {
    const tx = read.get(networkId, hash) as TransactionRecord | undefined
    if (tx === undefined) continue
    found.set(hash, {
      hash: tx.hash,
      ledger: tx.ledger,
      createdAt: new Date(Number(tx.created_at)),
      sourceAccount: tx.source_account,
      feeCharged: tx.fee_charged_stroops,
      successful: tx.successful === 1n,
      memo: tx.memo
    })
  }
  return found
}

/** Audit entries about this payment; the subject is its identifier, bare or as `payment:<id>`. */
function staffActions(store: MerchantDb, identifier: string): StaffAction[] {
  const entries = store.sqlite
    .prepare(
      `SELECT at, actor, action, before_json, after_json FROM audit_log
       WHERE subject IN (?, ?) ORDER BY seq`
    )
    .all(identifier, `payment:${identifier}`) as {
    at: bigint
    actor: string
    action: string
    before_json: string | null
    after_json: string | null
  }[]
  return entries.map((entry) => ({
    at: new Date(Number(entry.at)),
    actor: entry.actor,
    action: entry.action,
    before: entry.before_json === null ? null : (JSON.parse(entry.before_json) as unknown),
    after: entry.after_json === null ? null : (JSON.parse(entry.after_json) as unknown)
  }))
}

function totalsOf(refunds: readonly LedgerRow[]): RefundTotals {
  let completed = 0n
  let inProgress = 0n
  for (const refund of refunds) {
    if (refund.status === 'completed') completed += refund.amount
    else if (refund.status !== 'cancelled' && refund.status !== 'user_cancelled') inProgress += refund.amount
  }
  return { completed, inProgress, count: refunds.length }
}

/** Only a completed sale can be refunded, and never beyond what it brought in. */
function refundableRemainder(row: LedgerRow, totals: RefundTotals): Stroops | null {
  if (row.direction !== 'user_to_app' || row.status !== 'completed') return null
  const remainder = row.amount - totals.completed - totals.inProgress
  return remainder > 0n ? remainder : 0n
}

/**
 * Pi's records of many payments in one query (a page of the ledger as PaymentDTOs), by identifier;
 * an identifier the network does not hold is absent.
 */
export function getPiRecords(store: MerchantDb, networkId: NetworkId, identifiers: readonly string[]): Map<string, Payment> {
  if (identifiers.length === 0) return new Map()
  const records = store.sqlite
    .prepare(
      `SELECT ${LEDGER_ROW_COLUMNS}, p.metadata_json, p.from_address, p.to_address, p.network, p.tx_link, p.source,
         p.chain_checked_at, p.last_polled_at
       FROM payments AS p WHERE p.network_id = ? AND p.identifier IN (SELECT value FROM json_each(?))`
    )
    .all(networkId, JSON.stringify(identifiers)) as DetailRecord[]
  const now = store.now()
  return new Map(records.map((record) => [record.identifier, piRecord(record, toLedgerRow(record, now))]))
}

function piRecord(record: DetailRecord, row: LedgerRow): Payment {
  return {
    identifier: record.identifier,
    userUid: record.user_uid,
    amount: record.amount_stroops,
    memo: record.memo,
    metadata: parseMetadata(record.metadata_json),
    fromAddress: record.from_address,
    toAddress: record.to_address,
    direction: record.direction,
    createdAt: row.createdAt,
    network: record.network,
    status: piStatusFlags(record),
    transaction:
      record.txid === null
        ? null
        : { txid: record.txid, verified: record.tx_verified === 1n, horizonLink: record.tx_link ?? '' }
  }
}

function parseMetadata(json: string): Readonly<Record<string, unknown>> {
  const value = JSON.parse(json) as unknown
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}
