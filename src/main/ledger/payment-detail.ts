// Everything the ledger knows about one payment: Pi's record, our chain facts, its refunds and
// their totals, and its timeline. A handful of lookups by key, each through an index.
import type { Stroops } from '../../shared/money'
import type { NetworkId } from '../../shared/network'
import type { Payment } from '../../shared/payments'
import type { Selectable } from 'kysely'
import { valuesOfList } from '../db'
import type { MerchantDb } from '../db'
import type { ChainOperationsTable, PaymentsTable } from '../db'
import { paidByThisDesk, paymentTxFee, paymentTxLedger, type OverPayments } from './payment-chain'
import { chainCheckOf, ledgerRowColumns, piStatusFlags, toLedgerRow, type LedgerRowRecord } from './row-mapping'
import { buildTimeline, type StaffAction } from './timeline'
import type { ChainOperationFacts, ChainTransactionFacts, LedgerRow, PaymentDetail, RefundTotals } from './types'

/** What Pi's record needs beyond the ledger row's columns. */
const PI_RECORD_COLUMNS = [
  'p.metadata_json',
  'p.from_address',
  'p.to_address',
  'p.network',
  'p.tx_link',
  'p.source',
  'p.chain_checked_at',
  'p.last_polled_at'
] as const

type PiRecordRow = LedgerRowRecord &
  Pick<
    Selectable<PaymentsTable>,
    'metadata_json' | 'from_address' | 'to_address' | 'network' | 'tx_link' | 'source' | 'chain_checked_at' | 'last_polled_at'
  >

const detailColumns = (eb: OverPayments) => [
  ...ledgerRowColumns(eb),
  ...PI_RECORD_COLUMNS,
  paymentTxLedger(eb).as('chain_ledger'),
  paymentTxFee(eb).as('chain_fee'),
  paidByThisDesk(eb).as('by_this_desk')
]

type OperationRow = Pick<
  Selectable<ChainOperationsTable>,
  'id' | 'transaction_hash' | 'type' | 'from_address' | 'to_address' | 'amount_stroops' | 'created_at' | 'successful'
>

/** Null when the network holds no payment with this identifier. */
export async function getPaymentDetail(
  store: MerchantDb,
  target: { readonly networkId: NetworkId; readonly identifier: string }
): Promise<PaymentDetail | null> {
  const record = await store.db
    .selectFrom('payments as p')
    .select((eb) => detailColumns(eb))
    .where('p.identifier', '=', target.identifier)
    .where('p.network_id', '=', target.networkId)
    .executeTakeFirst()
  if (record === undefined) return null

  const now = store.now()
  const row = toLedgerRow(record, now)
  const refunds = (
    await store.db
      .selectFrom('payments as p')
      .select((eb) => ledgerRowColumns(eb))
      .where('p.refund_of', '=', record.identifier)
      .orderBy('p.created_at')
      .orderBy('p.identifier')
      .execute()
  ).map((refund) => toLedgerRow(refund, now))

  const operations = await linkedOperations(store, record)
  const primaryHash = record.chain_txid
  const hashes = [primaryHash, ...refunds.map((refund) => refund.txid)].filter((hash): hash is string => hash !== null)
  const transactions = await transactionsByHash(store, target.networkId, hashes)
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
      staffActions: await staffActions(store, record.identifier)
    })
  }
}

/** Operations of Pi's txid and those the sync linked to this payment, oldest first, each once. */
async function linkedOperations(store: MerchantDb, record: LedgerRowRecord): Promise<ChainOperationFacts[]> {
  const operations = () =>
    store.db
      .selectFrom('chain_operations')
      .select(['id', 'transaction_hash', 'type', 'from_address', 'to_address', 'amount_stroops', 'created_at', 'successful'])
  const linked = await operations()
    .where('payment_identifier', '=', record.identifier)
    .where('network_id', '=', record.network_id)
    .execute()
  const ofTransaction =
    record.txid === null
      ? []
      : await operations().where('network_id', '=', record.network_id).where('transaction_hash', '=', record.txid).execute()
  const byId = new Map<string, OperationRow>()
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

async function transactionsByHash(store: MerchantDb, networkId: NetworkId, hashes: readonly string[]) {
  const found = new Map<string, ChainTransactionFacts>()
  for (const hash of new Set(hashes)) {
    const tx = await store.db
      .selectFrom('chain_transactions')
      .select(['hash', 'ledger', 'created_at', 'source_account', 'fee_charged_stroops', 'successful', 'memo'])
      .where('network_id', '=', networkId)
      .where('hash', '=', hash)
      .executeTakeFirst()
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
async function staffActions(store: MerchantDb, identifier: string): Promise<StaffAction[]> {
  const entries = await store.db
    .selectFrom('audit_log')
    .select(['at', 'actor', 'action', 'before_json', 'after_json'])
    .where('subject', 'in', [identifier, `payment:${identifier}`])
    .orderBy('seq')
    .execute()
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
export async function getPiRecords(
  store: MerchantDb,
  networkId: NetworkId,
  identifiers: readonly string[]
): Promise<Map<string, Payment>> {
  if (identifiers.length === 0) return new Map()
  const records = await store.db
    .selectFrom('payments as p')
    .select((eb) => [...ledgerRowColumns(eb), ...PI_RECORD_COLUMNS])
    .where('p.network_id', '=', networkId)
    // One parameter however many identifiers: the statement's text stays the same.
    .where('p.identifier', 'in', valuesOfList(store.db, identifiers))
    .execute()
  const now = store.now()
  return new Map(records.map((record) => [record.identifier, piRecord(record, toLedgerRow(record, now))]))
}

function piRecord(record: PiRecordRow, row: LedgerRow): Payment {
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
