// "Never refund more than the sale brought in" (invariant 6). What is left to refund is the sale's
// amount minus every refund that paid or may still pay: the journal's own refunds that have not
// failed (a failed one paid nothing), refunds Pi knows of that the journal did not make (the
// shop's backend may refund too), and refunds waiting for approval (issue 18: two requests cannot
// together exceed what is left). Cancelled refunds paid nothing and do not count.
import { sql, type Selectable } from 'kysely'
import type { MerchantDb, PaymentsTable } from '../db'
import { UserFacingError } from '../../shared/errors'
import { formatPi, type Stroops } from '../../shared/money'
import { heldByRequests } from '../people'
import type { NetworkId } from '../../shared/network'

export interface RefundableSale {
  readonly identifier: string
  readonly uid: string
  readonly amount: Stroops
  readonly memo: string
  /** When the sale was made (Pi's record): the policy's refund window counts from here. */
  readonly createdAt: Date
  readonly remainder: Stroops
  /** Of the sale's amount, what approval requests hold while they wait. */
  readonly heldByRequests: Stroops
}

/** What the refund checks read of the sale. */
type SaleRow = Pick<
  Selectable<PaymentsTable>,
  'network_id' | 'user_uid' | 'amount_stroops' | 'memo' | 'created_at' | 'direction' | 'status' | 'txid' | 'chain_check' | 'chain_check_reasons_json'
>

/** Why our own chain check failed, in the merchant's words. */
const CHAIN_REASON_WORDS: Readonly<Record<string, string>> = {
  not_found: 'its transaction is not on the chain',
  transaction_failed: 'its transaction failed on chain',
  network_mismatch: 'its transaction is on another network',
  memo_mismatch: "its transaction's memo is another payment's",
  destination_mismatch: 'its transaction did not pay the app wallet (wrong destination)',
  source_mismatch: "its transaction was not sent from the buyer's wallet",
  amount_mismatch: "its transaction's amount differs from the sale's"
}

/** The sale and what remains refundable; refuses what cannot be refunded at all. */
export async function refundableSale(
  store: Pick<MerchantDb, 'db' | 'now'>,
  networkId: NetworkId,
  identifier: string,
  /** The approval request being paid now: its own amount does not hold the sale against itself. */
  exceptRequest?: number
): Promise<RefundableSale> {
  const sale: SaleRow | undefined = await store.db
    .selectFrom('payments')
    .select(['network_id', 'user_uid', 'amount_stroops', 'memo', 'created_at', 'direction', 'status', 'txid', 'chain_check', 'chain_check_reasons_json'])
    .where('identifier', '=', identifier)
    .executeTakeFirst()
  if (sale === undefined || sale.network_id !== networkId) {
    throw new UserFacingError(
      'refund_payment_unknown',
      `Payment ${identifier} is not in this network's ledger. Sync, or track the id, before refunding it.`
    )
  }
  if (sale.direction !== 'user_to_app') {
    throw new UserFacingError('refund_not_a_sale', `Payment ${identifier} is a payment from the app, not a sale: only sales can be refunded.`)
  }
  if (sale.status !== 'completed') {
    throw new UserFacingError(
      'refund_sale_not_completed',
      `Payment ${identifier} is not completed (${sale.status.replaceAll('_', ' ')}), so it brought in nothing to refund. Complete it first, or cancel it instead.`
    )
  }
  refuseUnverified(identifier, sale)
  const journal = await store.db
    .selectFrom('payouts')
    .select((eb) => eb.fn.sum<bigint | null>('amount_stroops').as('total'))
    .where('refund_of', '=', identifier)
    .where('state', '<>', sql.lit('failed'))
    .executeTakeFirst()
  const elsewhere = await store.db
    .selectFrom('payments')
    .select((eb) => eb.fn.sum<bigint | null>('amount_stroops').as('total'))
    .where('refund_of', '=', identifier)
    .where('status', 'not in', [sql.lit('cancelled' as const), sql.lit('user_cancelled' as const)])
    .where('identifier', 'not in', (eb) => eb.selectFrom('payouts').select('pi_payment_id').where('pi_payment_id', 'is not', null))
    .executeTakeFirst()
  const requested = await heldByRequests(store, identifier, store.now(), exceptRequest)
  const remainder = sale.amount_stroops - (journal?.total ?? 0n) - (elsewhere?.total ?? 0n) - requested
  return {
    identifier,
    uid: sale.user_uid,
    amount: sale.amount_stroops,
    memo: sale.memo,
    createdAt: new Date(Number(sale.created_at)),
    remainder: remainder > 0n ? remainder : 0n,
    heldByRequests: requested
  }
}

export function checkRefundCap(sale: RefundableSale, amount: Stroops): void {
  if (amount <= sale.remainder) return
  const waiting = sale.heldByRequests > 0n ? ` (${formatPi(sale.heldByRequests)} Pi of it waits for approval in refund requests: see \`merchant-desk requests\`)` : ''
  if (waiting !== '') {
    throw new UserFacingError(
      'refund_above_remainder',
      `Only ${formatPi(sale.remainder)} Pi of payment ${sale.identifier} is left to refund${waiting}, less than ${formatPi(amount)} Pi. Nothing was paid.`
    )
  }
  throw new UserFacingError(
    'refund_above_remainder',
    sale.remainder === 0n
      ? `Payment ${sale.identifier} has already been refunded in full. Nothing was paid.`
      : `Only ${formatPi(sale.remainder)} Pi of payment ${sale.identifier} is left to refund, less than ${formatPi(amount)} Pi. Enter at most ${formatPi(sale.remainder)}. Nothing was paid.`
  )
}

/** Never give back what the chain does not show was received (issue #12, item 6). */
function refuseUnverified(identifier: string, sale: SaleRow): void {
  if (sale.chain_check === 'verified') return
  const tx = sale.txid === null ? 'no transaction' : `transaction ${sale.txid}`
  if (sale.chain_check === 'failed') {
    const reasons = parseReasons(sale.chain_check_reasons_json).map((reason) => CHAIN_REASON_WORDS[reason] ?? reason)
    throw new UserFacingError(
      'refund_sale_unverified',
      `Payment ${identifier} failed its check on chain (${tx}: ${reasons.join('; ') || 'not verified'}), so the chain does not show the app received it. It cannot be refunded; check it in the ledger. Nothing was paid.`
    )
  }
  throw new UserFacingError(
    'refund_sale_unverified',
    `Payment ${identifier} has not been checked on chain yet (${tx}), so it is not known that the app received it. Sync (or track the id again) once the chain can be reached, then refund. Nothing was paid.`
  )
}

function parseReasons(json: string | null): string[] {
  if (json === null) return []
  try {
    const parsed: unknown = JSON.parse(json)
    return Array.isArray(parsed) ? parsed.filter((reason): reason is string => typeof reason === 'string') : []
  } catch {
    return []
  }
}
