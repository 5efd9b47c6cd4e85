// The ledger side of a reconciliation: the payments created in the period, read in keyset batches
// over payments_by_time (a year of a big shop is never held in memory at once), and what the
// ledger says of each, in the same shape as a record Pi sends, so the two compare field by field.
import type SqliteDatabase from 'better-sqlite3'
import type { NetworkId } from '../../shared/network'
import type { Payment, PaymentDirection, PiStatusFlags } from '../../shared/payments'

/** What Pi says of a payment (the fields a reconciliation compares), from Pi or from the ledger. */
export interface PiRecord {
  readonly identifier: string
  readonly amount: bigint
  readonly fromAddress: string
  readonly toAddress: string
  readonly direction: PaymentDirection
  readonly network: string
  readonly createdAtMs: number
  readonly status: PiStatusFlags
  readonly transaction: { readonly txid: string; readonly verified: boolean } | null
}

export interface LedgerPayment extends PiRecord {
  /** Pi's record can no longer change (completed or cancelled), as the ledger last saw it. */
  readonly piFinal: boolean
  readonly refundOf: string | null
}

interface Row {
  readonly identifier: string
  readonly amount_stroops: bigint
  readonly from_address: string
  readonly to_address: string
  readonly direction: PaymentDirection
  readonly network: string
  readonly created_at: bigint
  readonly developer_approved: bigint
  readonly transaction_verified: bigint
  readonly developer_completed: bigint
  readonly cancelled: bigint
  readonly user_cancelled: bigint
  readonly txid: string | null
  readonly tx_verified: bigint | null
  readonly pi_final: bigint
  readonly refund_of: string | null
}

const COLUMNS = `identifier, amount_stroops, from_address, to_address, direction, network, created_at,
  developer_approved, transaction_verified, developer_completed, cancelled, user_cancelled, txid, tx_verified,
  pi_final, refund_of`

export const BATCH_SQL = `SELECT ${COLUMNS} FROM payments INDEXED BY payments_by_time
  WHERE network_id = @network AND created_at >= @start AND created_at < @end
    AND (created_at, identifier) > (@afterTime, @afterId)
  ORDER BY created_at, identifier LIMIT @limit`

const COUNT_SQL = `SELECT count(*) FROM payments INDEXED BY payments_by_time
  WHERE network_id = ? AND created_at >= ? AND created_at < ?`

// Pi-final rows to re-read: a fresh random sample every run, so repeated runs cover more of them.
const SAMPLE_SQL = `SELECT identifier FROM payments INDEXED BY payments_by_time
  WHERE network_id = ? AND created_at >= ? AND created_at < ? AND pi_final = 1
  ORDER BY random() LIMIT ?`

export interface PeriodRange {
  readonly networkId: NetworkId
  readonly startMs: number
  readonly endMs: number
}

export function countPayments(sqlite: SqliteDatabase.Database, range: PeriodRange): number {
  return Number(sqlite.prepare(COUNT_SQL).pluck().get(range.networkId, range.startMs, range.endMs) as bigint)
}

export function sampleFinalPayments(sqlite: SqliteDatabase.Database, range: PeriodRange, size: number): Set<string> {
  if (size <= 0) return new Set()
  return new Set(sqlite.prepare(SAMPLE_SQL).pluck().all(range.networkId, range.startMs, range.endMs, size) as string[])
}

/** The period's payments, oldest first, `batchSize` at a time. */
export function* paymentBatches(sqlite: SqliteDatabase.Database, range: PeriodRange, batchSize: number): Generator<LedgerPayment[]> {
  const select = sqlite.prepare<Record<string, unknown>, Row>(BATCH_SQL)
  let afterTime = range.startMs - 1
  let afterId = ''
  for (;;) {
    const rows = select.all({ network: range.networkId, start: range.startMs, end: range.endMs, afterTime, afterId, limit: batchSize })
    const last = rows.at(-1)
    if (last === undefined) return
    afterTime = Number(last.created_at)
    afterId = last.identifier
    yield rows.map(ledgerPaymentOf)
  }
}

function ledgerPaymentOf(row: Row): LedgerPayment {
  return {
    identifier: row.identifier,
    amount: row.amount_stroops,
    fromAddress: row.from_address,
    toAddress: row.to_address,
    direction: row.direction,
    network: row.network,
    createdAtMs: Number(row.created_at),
    status: {
      developerApproved: row.developer_approved === 1n,
      transactionVerified: row.transaction_verified === 1n,
      developerCompleted: row.developer_completed === 1n,
      cancelled: row.cancelled === 1n,
      userCancelled: row.user_cancelled === 1n
    },
    transaction: row.txid === null ? null : { txid: row.txid, verified: row.tx_verified === 1n },
    piFinal: row.pi_final === 1n,
    refundOf: row.refund_of
  }
}

/** Pi's answer in the same shape. */
export function recordOf(payment: Payment): PiRecord {
  return {
    identifier: payment.identifier,
    amount: payment.amount,
    fromAddress: payment.fromAddress,
    toAddress: payment.toAddress,
    direction: payment.direction,
    network: payment.network,
    createdAtMs: payment.createdAt.getTime(),
    status: payment.status,
    transaction: payment.transaction === null ? null : { txid: payment.transaction.txid, verified: payment.transaction.verified }
  }
}
