// Refunds to the paying address (issue 19, item 5): what a direct refund may give back, and where.
//
// A walk-in payment (a transfer to the app wallet that is no Pi payment) has no Pi user, so its
// refund is a chain payment from the app wallet back to the address that paid it. What is left to
// refund of it is its amount minus every direct refund of that operation that paid or may still pay
// (the journal's rows that have not failed) and what approval requests hold of it; read again
// inside the journal's write transaction, so two desks cannot together exceed it. A Pi sale
// refunded directly (Pi refused the A2U payment) goes back to the sale's paying address and counts
// against the sale's own cap (refund-cap.ts), together with its A2U refunds.
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { MerchantDb } from '../db'
import { UserFacingError } from '../../shared/errors'
import { formatPi, type Stroops } from '../../shared/money'
import type { NetworkId } from '../../shared/network'
import type { RefundReason } from '../../shared/contract/payouts'
import { MAX_PAYOUT_MEMO } from '../../shared/contract/payouts'
import { typedPayoutAmount } from './intent'
import type { RefundableSale } from './refund-cap'
import type { PayoutIntent } from './types'

/** A walk-in payment and what remains refundable of it. */
export interface RefundableTransfer {
  readonly operationId: string
  readonly fromAddress: string
  readonly amount: Stroops
  readonly transactionHash: string
  /** The chain's time of the payment: a direct refund's memo search starts here. */
  readonly paidAt: Date
  readonly remainder: Stroops
  readonly heldByRequests: Stroops
}

const OPERATION_ID = /^[0-9]{1,20}$/

/** The walk-in payment `operationId` and what is left to refund of it; refuses what cannot be refunded at all. */
export async function refundableTransfer(
  store: Pick<MerchantDb, 'db' | 'now'>,
  networkId: NetworkId,
  appWallet: string,
  operationId: string,
  /** The approval request being paid now: its own amount does not hold the payment against itself. */
  exceptRequest?: number
): Promise<RefundableTransfer> {
  const id = operationId.trim()
  if (!OPERATION_ID.test(id)) {
    throw new UserFacingError('refund_transfer_invalid', `"${operationId}" is not a chain operation id (digits only, as the ledger's direct transfers show them). Nothing was paid.`)
  }
  const operation = await store.db
    .selectFrom('chain_operations')
    .select(['type', 'from_address', 'to_address', 'amount_stroops', 'successful', 'classification', 'payment_identifier', 'transaction_hash', 'created_at'])
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (operation === undefined) {
    throw new UserFacingError('refund_transfer_unknown', `Transfer ${id} is not in this network's ledger. Sync, then refund it. Nothing was paid.`)
  }
  if (operation.type !== 'payment' || operation.successful !== 1n || operation.to_address !== appWallet || operation.from_address === appWallet) {
    throw new UserFacingError(
      'refund_not_a_walk_in_payment',
      `Transfer ${id} is not a payment the app wallet received (only a successful payment into ${appWallet} from another address can be given back). Nothing was paid.`
    )
  }
  if (operation.classification === 'pi_payment') {
    throw new UserFacingError(
      'refund_transfer_is_sale',
      `Transfer ${id} is Pi payment ${operation.payment_identifier ?? ''}: refund that sale instead (merchant-desk refund ${operation.payment_identifier ?? '<id>'}, with --direct when Pi will not refund it), so its refunds count against it. Nothing was paid.`
    )
  }
  if (operation.classification !== 'direct_transfer') {
    throw new UserFacingError(
      'refund_transfer_unresolved',
      `Transfer ${id} carries a memo that may be a Pi payment, and Pi has not said yet. Sync once Pi can be reached, then refund it. Nothing was paid.`
    )
  }
  const refunded = await store.db
    .selectFrom('payouts')
    .select((eb) => eb.fn.sum<bigint | null>('amount_stroops').as('total'))
    .where('network_id', '=', networkId)
    .where('refund_of_operation', '=', id)
    .where('state', '<>', sql.lit('failed'))
    .executeTakeFirst()
  const held = await heldForTransfer(store, networkId, id, store.now(), exceptRequest)
  const remainder = operation.amount_stroops - (refunded?.total ?? 0n) - held
  return {
    operationId: id,
    fromAddress: operation.from_address,
    amount: operation.amount_stroops,
    transactionHash: operation.transaction_hash,
    paidAt: new Date(Number(operation.created_at)),
    remainder: remainder > 0n ? remainder : 0n,
    heldByRequests: held
  }
}

/** What open (or approved, unpaid, still good) approval requests hold of a walk-in payment. */
async function heldForTransfer(store: Pick<MerchantDb, 'db'>, networkId: NetworkId, operationId: string, now: Date, except?: number): Promise<Stroops> {
  let query = store.db
    .selectFrom('approval_requests')
    .select((eb) => eb.fn.sum<bigint | null>('amount_stroops').as('total'))
    .where('network_id', '=', networkId)
    .where('refund_of_operation', '=', operationId)
    .where((eb) =>
      eb.or([
        eb('state', '=', sql.lit('open' as const)),
        eb.and([eb('state', '=', sql.lit('approved' as const)), eb('payout_id', 'is', null), eb('approval_expires_at', '>', BigInt(now.getTime()))])
      ])
    )
  if (except !== undefined) query = query.where('id', '<>', BigInt(except))
  const row = await query.executeTakeFirst()
  return row?.total ?? 0n
}

export function checkTransferCap(transfer: RefundableTransfer, amount: Stroops): void {
  if (amount <= transfer.remainder) return
  const waiting = transfer.heldByRequests > 0n ? ` (${formatPi(transfer.heldByRequests)} Pi of it waits for approval in refund requests: see \`merchant-desk requests\`)` : ''
  throw new UserFacingError(
    'refund_above_remainder',
    transfer.remainder === 0n
      ? `Transfer ${transfer.operationId} has already been refunded in full${waiting}. Nothing was paid.`
      : `Only ${formatPi(transfer.remainder)} Pi of transfer ${transfer.operationId} is left to refund${waiting}, less than ${formatPi(amount)} Pi. Enter at most ${formatPi(transfer.remainder)}. Nothing was paid.`
  )
}

/** Where a Pi sale's direct refund goes: the address that paid the sale, as Pi's record shows it. */
export async function salePayingAddress(store: Pick<MerchantDb, 'db'>, saleId: string): Promise<string> {
  const row = await store.db.selectFrom('payments').select('from_address').where('identifier', '=', saleId).executeTakeFirst()
  const address = row?.from_address ?? ''
  if (!/^G[A-Z2-7]{55}$/.test(address)) {
    throw new UserFacingError('refund_no_paying_address', `Pi's record of payment ${saleId} names no paying address, so it cannot be refunded on chain. Nothing was paid.`)
  }
  return address
}

/** Crockford's base32: no I, L, O or U, so a memo read aloud at the counter is not misread. */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const MEMO_PREFIX = 'rf-'
const MEMO_RANDOM_CHARS = 16

/**
 * A direct refund's own memo: `rf-` and 16 random Crockford base32 characters (19 bytes, 80 bits):
 * within Stellar's 28-byte text memo, never a Pi payment id's shape (it has a dash), never an
 * invoice's (`md-`), and unique (a UNIQUE index makes a collision an error, never a shared memo).
 */
export function newRefundMemo(): string {
  const bytes = randomBytes(MEMO_RANDOM_CHARS)
  let memo = MEMO_PREFIX
  for (const byte of bytes) memo += BASE32[byte & 31]
  return memo
}

export interface DirectRefundRequest {
  readonly idempotencyKey: string
  readonly amount: string
  /** The amount typed a second time (the CLI and the form ask twice); must match. */
  readonly confirmAmount: string
  readonly reason: RefundReason
  readonly reasonText?: string
  readonly memo?: string
  /** The invoice a walk-in payment paid, when there was one (kept with the refund). */
  readonly invoiceId?: string
}

/** A direct refund as the front doors ask for it: of a walk-in payment (its operation id), or of a Pi sale. */
export type DirectRefundInput = DirectRefundRequest & ({ readonly operationId: string } | { readonly paymentId: string })

/** The intent of a direct refund of a walk-in payment. */
export function transferRefundIntent(input: DirectRefundRequest, transfer: RefundableTransfer): PayoutIntent {
  const amount = typedPayoutAmount(input.amount, input.confirmAmount)
  const invoice = input.invoiceId?.trim() || null
  if (invoice !== null && invoice.length > 64) throw new UserFacingError('refund_invoice_invalid', 'An invoice id has at most 64 characters. Nothing was paid.')
  return {
    idempotencyKey: input.idempotencyKey,
    kind: 'refund',
    refundOf: null,
    // A walk-in buyer is known only by the address they paid from.
    uid: transfer.fromAddress,
    amount,
    memo: (input.memo?.trim() || `Refund of transfer ${transfer.operationId}`).slice(0, MAX_PAYOUT_MEMO),
    reason: input.reason,
    reasonText: (input.reasonText ?? '').trim(),
    direct: { chainMemo: newRefundMemo(), toAddress: transfer.fromAddress, refundOfOperation: transfer.operationId, refundOfInvoice: invoice }
  }
}

/** The intent of a Pi sale refunded straight to the address that paid it. */
export function saleDirectRefundIntent(input: DirectRefundRequest, sale: RefundableSale, payingAddress: string): PayoutIntent {
  const amount = typedPayoutAmount(input.amount, input.confirmAmount)
  return {
    idempotencyKey: input.idempotencyKey,
    kind: 'refund',
    refundOf: sale.identifier,
    uid: sale.uid,
    amount,
    memo: (input.memo?.trim() || `Refund: ${sale.memo}`.trim()).slice(0, MAX_PAYOUT_MEMO),
    reason: input.reason,
    reasonText: (input.reasonText ?? '').trim(),
    direct: { chainMemo: newRefundMemo(), toAddress: payingAddress, refundOfOperation: null, refundOfInvoice: null }
  }
}
