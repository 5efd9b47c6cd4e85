// The queue's reads of the ledger: every payment of a network that Pi's record shows as not yet
// final (pi_final = 0: not completed, not cancelled) waits for the merchant in some way. Each row
// comes with the transaction found for it on the app wallet's stored history, if any.
import { sql, type Selectable } from 'kysely'
import type { MerchantDb, PaymentsTable } from '../db'
import { orderWithoutIndex } from '../db/sql/planner'
import type { PaymentClaim } from '../sync'
import type { JsonValue } from '../../shared/contract/queue'
import { formatPi } from '../../shared/money'
import type { NetworkId } from '../../shared/network'
import type { ChainFailureReason } from '../../shared/payments'

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

type Payment = Selectable<PaymentsTable>

export type StoredPayment = Pick<Payment, (typeof COLUMNS)[number] extends `p.${infer C extends keyof Payment}` ? C : never> & {
  /** A successful transaction on the stored history that carries this payment's id, if any. */
  readonly chain_hash: string | null
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
// longest. `+ 0` keeps the planner from walking payments_by_time for its order (every payment of
// the network) instead of sorting the few open ones.
export function queueRowsQuery(store: Pick<MerchantDb, 'db'>, networkId: NetworkId, limit: number) {
  return paymentsWithChainHash(store)
    .where('p.network_id', '=', networkId)
    .where('p.pi_final', '=', sql.lit(0n as const))
    .orderBy(orderWithoutIndex('p.created_at'))
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

export async function readQueueRows(store: Pick<MerchantDb, 'db'>, networkId: NetworkId, limit: number): Promise<StoredPayment[]> {
  return queueRowsQuery(store, networkId, limit).execute()
}

export async function countQueue(store: Pick<MerchantDb, 'db'>, networkId: NetworkId): Promise<number> {
  const row = await countQueueQuery(store, networkId).executeTakeFirst()
  return Number(row?.count ?? 0n)
}

export async function queueIdentifiers(store: Pick<MerchantDb, 'db'>, networkId: NetworkId): Promise<string[]> {
  return (await queueIdentifiersQuery(store, networkId).execute()).map((row) => row.identifier)
}

export async function readStoredPayment(store: Pick<MerchantDb, 'db'>, networkId: NetworkId, identifier: string): Promise<StoredPayment | undefined> {
  return paymentsWithChainHash(store).where('p.identifier', '=', identifier).where('p.network_id', '=', networkId).executeTakeFirst()
}

export function isApproved(row: StoredPayment): boolean {
  return row.developer_approved === 1n
}

export function isCompleted(row: StoredPayment): boolean {
  return row.developer_completed === 1n
}

export function isCancelled(row: StoredPayment): boolean {
  return row.cancelled === 1n || row.user_cancelled === 1n
}

export function storedReasons(row: StoredPayment): ChainFailureReason[] {
  if (row.chain_check_reasons_json === null) return []
  try {
    const parsed = JSON.parse(row.chain_check_reasons_json) as unknown
    return Array.isArray(parsed) ? (parsed.filter((r) => typeof r === 'string') as ChainFailureReason[]) : []
  } catch {
    return []
  }
}

export function claimOf(row: StoredPayment): PaymentClaim {
  return {
    identifier: row.identifier,
    amount: row.amount_stroops,
    fromAddress: row.from_address,
    toAddress: row.to_address,
    direction: row.direction,
    network: row.network
  }
}

/** What the audit log keeps of a payment before and after an action: plain JSON, money as text. */
export function snapshotOf(row: StoredPayment | undefined): JsonValue {
  if (row === undefined) return null
  return {
    identifier: row.identifier,
    direction: row.direction,
    status: row.status,
    userUid: row.user_uid,
    amount: formatPi(row.amount_stroops),
    developerApproved: row.developer_approved === 1n,
    transactionVerified: row.transaction_verified === 1n,
    developerCompleted: row.developer_completed === 1n,
    cancelled: row.cancelled === 1n,
    userCancelled: row.user_cancelled === 1n,
    txid: row.txid,
    chainCheck: row.chain_check,
    chainCheckReasons: storedReasons(row)
  }
}
