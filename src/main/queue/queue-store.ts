// The queue's reads of the ledger: every payment of a network that Pi's record shows as not yet
// final (pi_final = 0: not completed, not cancelled) waits for the merchant in some way. Each row
// comes with the transaction found for it on the app wallet's stored history, if any.
import { sql, type Selectable } from 'kysely'
import { fromEpochMs, fromFlag, type MerchantDb, type PaymentSource, type PaymentsTable } from '../db'
import { notIndexed } from '../db'
import { claimFromRow, type PaymentClaim } from '../payments'
import type { JsonValue } from '../../shared/contract/queue'
import { formatPi, type Stroops } from '../../shared/money'
import type { NetworkId, PiNetworkName } from '../../shared/network'
import type { ChainCheck, ChainFailureReason, DisplayStatus, PaymentDirection } from '../../shared/payments'

/** The payment columns the queue reads. */
const COLUMNS = [
  'p.identifier',
  'p.network_id',
  'p.direction',
  'p.status',
  'p.user_uid',
  'p.amount_stroops',
  'p.memo',
  'p.metadata_json',
  'p.from_address',
  'p.to_address',
  'p.created_at',
  'p.network',
  'p.developer_approved',
  'p.transaction_verified',
  'p.developer_completed',
  'p.cancelled',
  'p.user_cancelled',
  'p.txid',
  'p.chain_check',
  'p.chain_check_reasons_json',
  'p.chain_checked_at',
  'p.source',
  'p.pi_final'
] as const

type PaymentRow = Selectable<PaymentsTable>

/** A payment of the ledger as the queue works with it: Pi's record, our chain check, and the transaction found for it. */
export interface QueuePayment {
  readonly identifier: string
  readonly networkId: NetworkId
  readonly direction: PaymentDirection
  readonly status: DisplayStatus
  readonly uid: string
  readonly amount: Stroops
  readonly memo: string
  /** Pi's metadata as stored (JSON text): the queue reads the order details and the desk's request key from it. */
  readonly metadataJson: string
  readonly fromAddress: string
  readonly toAddress: string
  /** When Pi created it (Pi's clock). */
  readonly createdAt: Date
  /** The network passphrase Pi's record names. */
  readonly network: PiNetworkName
  readonly developerApproved: boolean
  readonly transactionVerified: boolean
  readonly developerCompleted: boolean
  readonly cancelled: boolean
  readonly userCancelled: boolean
  /** The transaction Pi links, if any. */
  readonly txid: string | null
  /** Our own check of its transaction on chain (invariant 3), not Pi's `verified`. */
  readonly chainCheck: ChainCheck['outcome']
  readonly chainCheckReasons: ChainFailureReason[]
  readonly chainCheckedAt: Date | null
  readonly source: PaymentSource
  /** Pi's record can no longer change (completed or cancelled): it has left the queue. */
  readonly final: boolean
  /** A successful transaction on the stored history that carries this payment's id, if any. */
  readonly chainHash: string | null
  /** What the chain check compares (from the row, by the one mapping in src/main/payments). */
  readonly claim: PaymentClaim
}

/** A payment with the transaction found for it on the stored history (by its own index). */
function paymentsWithChainHash(store: Pick<MerchantDb, 'db'>) {
  return store.db
    .selectFrom('payments as p')
    .select(COLUMNS)
    .select((eb) =>
      eb
        .selectFrom('chain_operations as o')
        .select('o.transaction_hash')
        .whereRef('o.payment_identifier', '=', 'p.identifier')
        .where('o.successful', '=', sql.lit(1n as const))
        .limit(1)
        .as('chain_hash')
    )
}

// `pi_final = 0`, written out, matches the partial index payments_to_repoll: the queue is read
// without touching the (possibly million-row) rest of the ledger. Oldest first: it has waited
// longest. Ordering by the time hidden from the planner (notIndexed) keeps it from walking
// payments_by_time for its order (every payment of the network) instead of sorting the few open ones.
export function queueRowsQuery(store: Pick<MerchantDb, 'db'>, networkId: NetworkId, limit: number) {
  return paymentsWithChainHash(store)
    .where('p.network_id', '=', networkId)
    .where('p.pi_final', '=', sql.lit(0n as const))
    .orderBy(notIndexed<bigint>(store.db, 'p.created_at'))
    .orderBy('p.identifier')
    .limit(limit)
}

export function countQueueQuery(store: Pick<MerchantDb, 'db'>, networkId: NetworkId) {
  return store.db
    .selectFrom('payments')
    .select((eb) => eb.fn.countAll<bigint>().as('count'))
    .where('network_id', '=', networkId)
    .where('pi_final', '=', sql.lit(0n as const))
}

export function queueIdentifiersQuery(store: Pick<MerchantDb, 'db'>, networkId: NetworkId) {
  return store.db.selectFrom('payments').select('identifier').where('network_id', '=', networkId).where('pi_final', '=', sql.lit(0n as const))
}

export async function readQueueRows(store: Pick<MerchantDb, 'db'>, networkId: NetworkId, limit: number): Promise<QueuePayment[]> {
  return (await queueRowsQuery(store, networkId, limit).execute()).map(toQueuePayment)
}

export async function countQueue(store: Pick<MerchantDb, 'db'>, networkId: NetworkId): Promise<number> {
  const row = await countQueueQuery(store, networkId).executeTakeFirst()
  return Number(row?.count ?? 0n)
}

export async function queueIdentifiers(store: Pick<MerchantDb, 'db'>, networkId: NetworkId): Promise<string[]> {
  return (await queueIdentifiersQuery(store, networkId).execute()).map((row) => row.identifier)
}

export async function readStoredPayment(store: Pick<MerchantDb, 'db'>, networkId: NetworkId, identifier: string): Promise<QueuePayment | undefined> {
  const row = await paymentsWithChainHash(store).where('p.identifier', '=', identifier).where('p.network_id', '=', networkId).executeTakeFirst()
  return row === undefined ? undefined : toQueuePayment(row)
}

type QueueRow = Pick<PaymentRow, (typeof COLUMNS)[number] extends `p.${infer C extends keyof PaymentRow}` ? C : never> & {
  readonly chain_hash: string | null
}

function toQueuePayment(row: QueueRow): QueuePayment {
  return {
    identifier: row.identifier,
    networkId: row.network_id,
    direction: row.direction,
    status: row.status,
    uid: row.user_uid,
    amount: row.amount_stroops,
    memo: row.memo,
    metadataJson: row.metadata_json,
    fromAddress: row.from_address,
    toAddress: row.to_address,
    createdAt: fromEpochMs(row.created_at),
    network: row.network,
    developerApproved: fromFlag(row.developer_approved),
    transactionVerified: fromFlag(row.transaction_verified),
    developerCompleted: fromFlag(row.developer_completed),
    cancelled: fromFlag(row.cancelled),
    userCancelled: fromFlag(row.user_cancelled),
    txid: row.txid,
    chainCheck: row.chain_check,
    chainCheckReasons: storedReasons(row.chain_check_reasons_json),
    chainCheckedAt: row.chain_checked_at === null ? null : fromEpochMs(row.chain_checked_at),
    source: row.source,
    final: fromFlag(row.pi_final),
    chainHash: row.chain_hash,
    claim: claimFromRow(row)
  }
}

export function isApproved(payment: QueuePayment): boolean {
  return payment.developerApproved
}

export function isCompleted(payment: QueuePayment): boolean {
  return payment.developerCompleted
}

export function isCancelled(payment: QueuePayment): boolean {
  return payment.cancelled || payment.userCancelled
}

function storedReasons(json: string | null): ChainFailureReason[] {
  if (json === null) return []
  try {
    const parsed = JSON.parse(json) as unknown
    return Array.isArray(parsed) ? (parsed.filter((r) => typeof r === 'string') as ChainFailureReason[]) : []
  } catch {
    return []
  }
}

/** What the chain check compares for this payment (mapped once, from its row, by payments' claimFromRow). */
export function claimOf(payment: QueuePayment): PaymentClaim {
  return payment.claim
}

/** What the audit log keeps of a payment before and after an action: plain JSON, money as text. */
export function snapshotOf(payment: QueuePayment | undefined): JsonValue {
  if (payment === undefined) return null
  return {
    identifier: payment.identifier,
    direction: payment.direction,
    status: payment.status,
    userUid: payment.uid,
    amount: formatPi(payment.amount),
    developerApproved: payment.developerApproved,
    transactionVerified: payment.transactionVerified,
    developerCompleted: payment.developerCompleted,
    cancelled: payment.cancelled,
    userCancelled: payment.userCancelled,
    txid: payment.txid,
    chainCheck: payment.chainCheck,
    chainCheckReasons: payment.chainCheckReasons
  }
}
