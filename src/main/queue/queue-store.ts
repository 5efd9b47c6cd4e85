// The queue's reads of the ledger: every payment of a network that Pi's record shows as not yet
// final (pi_final = 0: not completed, not cancelled) waits for the merchant in some way. Each row
// comes with the transaction found for it on the app wallet's stored history, if any.
import type SqliteDatabase from 'better-sqlite3'
import type { PaymentSource } from '../db'
import { claimFromRow, type PaymentClaim } from '../payments'
import type { JsonValue } from '../../shared/contract/queue'
import { formatPi } from '../../shared/money'
import type { NetworkId } from '../../shared/network'
import type { ChainCheck, ChainFailureReason, DisplayStatus, PaymentDirection } from '../../shared/payments'

export interface StoredPayment {
  readonly identifier: string
  readonly network_id: NetworkId
  readonly direction: PaymentDirection
  readonly status: DisplayStatus
  readonly user_uid: string
  readonly amount_stroops: bigint
  readonly memo: string
  readonly metadata_json: string
  readonly from_address: string
  readonly to_address: string
  readonly created_at: bigint
  readonly network: string
  readonly developer_approved: bigint
  readonly transaction_verified: bigint
  readonly developer_completed: bigint
  readonly cancelled: bigint
  readonly user_cancelled: bigint
  readonly txid: string | null
  readonly chain_check: ChainCheck['outcome']
  readonly chain_check_reasons_json: string | null
  readonly chain_checked_at: bigint | null
  readonly source: PaymentSource
  readonly pi_final: bigint
  /** A successful transaction on the stored history that carries this payment's id, if any. */
  readonly chain_hash: string | null
}

const COLUMNS = `p.identifier, p.network_id, p.direction, p.status, p.user_uid, p.amount_stroops, p.memo,
  p.metadata_json, p.from_address, p.to_address, p.created_at, p.network, p.developer_approved,
  p.transaction_verified, p.developer_completed, p.cancelled, p.user_cancelled, p.txid, p.chain_check,
  p.chain_check_reasons_json, p.chain_checked_at, p.source, p.pi_final,
  (SELECT o.transaction_hash FROM chain_operations o
    WHERE o.payment_identifier = p.identifier AND o.successful = 1 LIMIT 1) AS chain_hash`

// `pi_final = 0` matches the partial index payments_to_repoll: the queue is read without touching
// the (possibly million-row) rest of the ledger. Oldest first: it has waited longest. `+ 0` keeps
// the planner from walking payments_by_time for its order (every payment of the network) instead
// of sorting the few open ones.
export const QUEUE_SQL = `SELECT ${COLUMNS} FROM payments p
  WHERE p.network_id = ? AND p.pi_final = 0 ORDER BY p.created_at + 0, p.identifier LIMIT ?`
export const COUNT_SQL = 'SELECT count(*) FROM payments WHERE network_id = ? AND pi_final = 0'
export const IDS_SQL = 'SELECT identifier FROM payments WHERE network_id = ? AND pi_final = 0'
const ONE_SQL = `SELECT ${COLUMNS} FROM payments p WHERE p.identifier = ? AND p.network_id = ?`

export function readQueueRows(sqlite: SqliteDatabase.Database, networkId: NetworkId, limit: number): StoredPayment[] {
  return sqlite.prepare<[string, number], StoredPayment>(QUEUE_SQL).all(networkId, limit)
}

export function countQueue(sqlite: SqliteDatabase.Database, networkId: NetworkId): number {
  return Number(sqlite.prepare<[string], bigint>(COUNT_SQL).pluck().get(networkId) ?? 0n)
}

export function queueIdentifiers(sqlite: SqliteDatabase.Database, networkId: NetworkId): string[] {
  return sqlite.prepare<[string], string>(IDS_SQL).pluck().all(networkId)
}

export function readStoredPayment(
  sqlite: SqliteDatabase.Database,
  networkId: NetworkId,
  identifier: string
): StoredPayment | undefined {
  return sqlite.prepare<[string, string], StoredPayment>(ONE_SQL).get(identifier, networkId)
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
  return claimFromRow(row)
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
