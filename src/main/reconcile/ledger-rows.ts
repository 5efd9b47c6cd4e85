// The ledger side of a reconciliation: the payments created in the period, read in keyset batches
// over payments_by_time (a year of a big shop is never held in memory at once), and what the
// ledger says of each, in the same shape as a record Pi sends, so the two compare field by field.
import { sql, type Selectable } from 'kysely'
import { indexedBy, type MerchantDb, type PaymentsTable } from '../db'
import { claimFromRow, type PaymentClaim } from '../payments'
import type { NetworkId } from '../../shared/network'
import type { Payment, PiStatusFlags } from '../../shared/payments'

/**
 * What Pi says of a payment (the fields a reconciliation compares), from Pi or from the ledger:
 * the claim the chain check compares, and Pi's flags.
 */
export interface PiRecord extends PaymentClaim {
  readonly createdAtMs: number
  readonly status: PiStatusFlags
  readonly transaction: { readonly txid: string; readonly verified: boolean } | null
}

export interface LedgerPayment extends PiRecord {
  /** Pi's record can no longer change (completed or cancelled), as the ledger last saw it. */
  readonly piFinal: boolean
  readonly refundOf: string | null
}

const COLUMNS = [
  'p.identifier',
  'p.amount_stroops',
  'p.from_address',
  'p.to_address',
  'p.direction',
  'p.network',
  'p.created_at',
  'p.developer_approved',
  'p.transaction_verified',
  'p.developer_completed',
  'p.cancelled',
  'p.user_cancelled',
  'p.txid',
  'p.tx_verified',
  'p.pi_final',
  'p.refund_of'
] as const

type Row = Pick<
  Selectable<PaymentsTable>,
  | 'identifier'
  | 'amount_stroops'
  | 'from_address'
  | 'to_address'
  | 'direction'
  | 'network'
  | 'created_at'
  | 'developer_approved'
  | 'transaction_verified'
  | 'developer_completed'
  | 'cancelled'
  | 'user_cancelled'
  | 'txid'
  | 'tx_verified'
  | 'pi_final'
  | 'refund_of'
>

export interface PeriodRange {
  readonly networkId: NetworkId
  readonly startMs: number
  readonly endMs: number
}

type LedgerDb = Pick<MerchantDb, 'db'>

/** The period's payments, walked along payments_by_time (a year of a big shop is never a scan). */
function periodPayments(store: LedgerDb, range: PeriodRange) {
  return store.db
    .selectFrom(indexedBy(store.db, 'payments', 'p', 'payments_by_time'))
    .where('p.network_id', '=', range.networkId)
    .where('p.created_at', '>=', BigInt(range.startMs))
    .where('p.created_at', '<', BigInt(range.endMs))
}

export async function countPayments(store: LedgerDb, range: PeriodRange): Promise<number> {
  const row = await periodPayments(store, range)
    .select((eb) => eb.fn.countAll<bigint>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Pi-final rows to re-read: a fresh random sample every run, so repeated runs cover more of them. */
export async function sampleFinalPayments(store: LedgerDb, range: PeriodRange, size: number): Promise<Set<string>> {
  if (size <= 0) return new Set()
  const rows = await periodPayments(store, range)
    .select('p.identifier')
    .where('p.pi_final', '=', 1n)
    .orderBy(sql`random()`)
    .limit(size)
    .execute()
  return new Set(rows.map((row) => row.identifier))
}

/** The period's payments, oldest first, `batchSize` at a time (keyset on created_at, identifier). */
export async function* paymentBatches(store: LedgerDb, range: PeriodRange, batchSize: number): AsyncGenerator<LedgerPayment[]> {
  let afterTime = BigInt(range.startMs - 1)
  let afterId = ''
  for (;;) {
    const rows: Row[] = await periodPayments(store, range)
      .select(COLUMNS)
      .where((eb) => eb(eb.refTuple('p.created_at', 'p.identifier'), '>', eb.tuple(afterTime, afterId)))
      .orderBy('p.created_at')
      .orderBy('p.identifier')
      .limit(batchSize)
      .execute()
    const last = rows.at(-1)
    if (last === undefined) return
    afterTime = last.created_at
    afterId = last.identifier
    yield rows.map(ledgerPaymentOf)
  }
}

function ledgerPaymentOf(row: Row): LedgerPayment {
  return {
    ...claimFromRow(row),
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
