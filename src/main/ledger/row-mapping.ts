// One column list and one mapper from a payments row to a LedgerRow, shared by the page query and
// the payment detail, so a payment shows the same status and flags in both.
import { CHAIN_FAILURE_REASONS, derivePaymentStatus, type ChainCheck, type ChainFailureReason } from '../../shared/payments'
import type { Selectable } from 'kysely'
import type { PaymentsTable } from '../db'
import { paymentTxid, refundedOfSale, type OverPayments } from './payment-chain'
import type { LedgerRow } from './types'

/**
 * Selected from `payments AS p`. `refunded` sums the completed refunds through the partial index
 * payments_by_refund_of, only for a payment that has refunds at all.
 */
export function ledgerRowColumns(eb: OverPayments) {
  return [
    'p.identifier',
    'p.network_id',
    'p.direction',
    'p.status',
    'p.amount_stroops',
    'p.user_uid',
    'p.memo',
    'p.txid',
    'p.tx_verified',
    'p.created_at',
    'p.first_seen_at',
    'p.refund_of',
    'p.developer_approved',
    'p.transaction_verified',
    'p.developer_completed',
    'p.cancelled',
    'p.user_cancelled',
    'p.chain_check',
    'p.chain_check_reasons_json',
    paymentTxid(eb).as('chain_txid'),
    refundedOfSale(eb).as('refunded')
  ] as const
}

/**
 * A payments row as ledgerRowColumns selects it: the stored columns as schema.ts types them, plus
 * `chain_txid` (the payment's transaction from every source, payment-chain.ts: what the merchant
 * is shown; `txid` is Pi's, read by derivePaymentStatus) and `refunded`.
 */
export type LedgerRowRecord = Pick<
  Selectable<PaymentsTable>,
  | 'identifier'
  | 'network_id'
  | 'direction'
  | 'status'
  | 'amount_stroops'
  | 'user_uid'
  | 'memo'
  | 'txid'
  | 'tx_verified'
  | 'created_at'
  | 'first_seen_at'
  | 'refund_of'
  | 'developer_approved'
  | 'transaction_verified'
  | 'developer_completed'
  | 'cancelled'
  | 'user_cancelled'
  | 'chain_check'
  | 'chain_check_reasons_json'
> & { readonly chain_txid: string | null; readonly refunded: bigint }

export function toLedgerRow(record: LedgerRowRecord, now: Date): LedgerRow {
  const createdAt = new Date(Number(record.created_at))
  const amount = record.amount_stroops
  const { status, flags } = derivePaymentStatus({
    status: piStatusFlags(record),
    transaction: record.txid === null ? null : { txid: record.txid, verified: record.tx_verified === 1n },
    direction: record.direction,
    amount,
    createdAt,
    now,
    chain: chainCheckOf(record),
    refundedTotal: record.refunded
  })
  return {
    identifier: record.identifier,
    networkId: record.network_id,
    direction: record.direction,
    status,
    flags,
    amount,
    userUid: record.user_uid,
    memo: record.memo,
    txid: record.chain_txid,
    chainCheck: record.chain_check,
    createdAt,
    firstSeenAt: new Date(Number(record.first_seen_at)),
    refundOf: record.refund_of,
    refunded: record.refunded
  }
}

export function piStatusFlags(
  record: Pick<LedgerRowRecord, 'developer_approved' | 'transaction_verified' | 'developer_completed' | 'cancelled' | 'user_cancelled'>
) {
  return {
    developerApproved: record.developer_approved === 1n,
    transactionVerified: record.transaction_verified === 1n,
    developerCompleted: record.developer_completed === 1n,
    cancelled: record.cancelled === 1n,
    userCancelled: record.user_cancelled === 1n
  }
}

export function chainCheckOf(record: Pick<LedgerRowRecord, 'chain_check' | 'chain_check_reasons_json'>): ChainCheck {
  if (record.chain_check !== 'failed') return { outcome: record.chain_check }
  return { outcome: 'failed', reasons: failureReasons(record.chain_check_reasons_json) }
}

/** The stored reasons this build knows; a reason a newer build wrote is skipped, not fatal. */
function failureReasons(json: string | null): ChainFailureReason[] {
  if (json === null) return []
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return []
  }
  if (!Array.isArray(parsed)) return []
  return parsed.filter((reason): reason is ChainFailureReason =>
    (CHAIN_FAILURE_REASONS as readonly unknown[]).includes(reason)
  )
}
