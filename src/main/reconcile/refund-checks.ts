// Money out of the app wallet, against the sales it refunds: a sale whose refunds add up to more
// than it brought in, and a refund or payout the chain shows paid more than once (invariant 4
// forbids both; this is where a slip of the shop's backend, or of anything else, shows up).
//
// A refund is an app-to-user payment that names its sale: in refund_of (the payout journal sets
// it) or in its metadata's refund_of (how a shop's backend marks its own refunds). It counts
// towards the sale when Pi did not cancel it and it completed at Pi or its Pi left the wallet.
import { indexedBy, jsonField, type MerchantDb, type SqlDialectSource } from '../db'
import { sql } from 'kysely'
import { isPaymentIdentifier } from '../../shared/payments'
import type { NetworkId } from '../../shared/network'
import type { Findings } from './findings'
import { pi, row } from './words'

export interface RefundCheckContext {
  readonly store: Pick<MerchantDb, 'db'>
  readonly networkId: NetworkId
  readonly appWallet: string
  readonly startMs: number
  readonly endMs: number
  readonly findings: Findings
  readonly transactionsSeen: Set<string>
}

/** The sale a refund names: its refund_of, or its metadata's refund_of (a shop backend's own refunds). */
const saleOf = (dialect: SqlDialectSource) => sql<unknown>`coalesce(${sql.ref('r.refund_of')}, ${jsonField(dialect, 'r.metadata_json', '$.refund_of')})`

// Every refund of the network (all time: a sale refunded in the period may have had refunds before).
function refundsOf(context: RefundCheckContext) {
  return context.store.db
    .selectFrom(indexedBy(context.store.db, 'payments', 'r', 'payments_by_direction'))
    .select((eb) => [
      'r.identifier',
      saleOf(context.store.db).as('sale'),
      'r.amount_stroops',
      'r.created_at',
      'r.status',
      'r.developer_completed',
      'r.cancelled',
      'r.user_cancelled',
      // 1 or 0 on both engines (PostgreSQL's EXISTS is a boolean).
      eb
        .case()
        .when(
          eb.exists(
            eb
              .selectFrom('chain_operations as o')
              .select(sql.lit(1).as('one'))
              .whereRef('o.payment_identifier', '=', 'r.identifier')
              .where('o.from_address', '=', context.appWallet)
              .where('o.successful', '=', 1n)
              .where('o.type', '=', 'payment')
          )
        )
        .then(sql.lit(1n))
        .else(sql.lit(0n))
        .end()
        .$castTo<bigint>()
        .as('left_wallet')
    ])
    .where('r.network_id', '=', context.networkId)
    .where('r.direction', '=', 'app_to_user')
    .where(saleOf(context.store.db), 'is not', null)
    .orderBy('r.created_at')
    .orderBy('r.identifier')
    .execute()
}

type RefundRow = Awaited<ReturnType<typeof refundsOf>>[number]

export async function checkRefundTotals(context: RefundCheckContext): Promise<void> {
  const refunds = await refundsOf(context)
  const bySale = new Map<string, RefundRow[]>()
  const refundedInPeriod = new Set<string>()
  for (const refund of refunds) {
    if (typeof refund.sale !== 'string' || !isPaymentIdentifier(refund.sale)) continue
    bySale.set(refund.sale, [...(bySale.get(refund.sale) ?? []), refund])
    const at = Number(refund.created_at)
    if (at >= context.startMs && at < context.endMs) refundedInPeriod.add(refund.sale)
  }
  for (const saleId of refundedInPeriod) {
    const sale = await context.store.db
      .selectFrom('payments')
      .select(['amount_stroops', 'status'])
      .where('identifier', '=', saleId)
      .where('network_id', '=', context.networkId)
      .executeTakeFirst()
    if (sale === undefined) continue
    const counted = (bySale.get(saleId) ?? []).filter(
      (refund) => refund.cancelled === 0n && refund.user_cancelled === 0n && (refund.developer_completed === 1n || refund.left_wallet === 1n)
    )
    const total = counted.reduce((sum, refund) => sum + refund.amount_stroops, 0n)
    if (total <= sale.amount_stroops) continue
    const excess = total - sale.amount_stroops
    context.findings.add({
      type: 'over_refunded',
      subjectKind: 'payment',
      subject: saleId,
      paymentId: saleId,
      txid: null,
      amount: excess,
      evidence: [
        row('Refunded in all', `at most ${pi(sale.amount_stroops)} (the sale, ${sale.status.replaceAll('_', ' ')})`, pi(total)),
        ...counted.map((refund) => row(`Refund ${refund.identifier}`, null, `${pi(refund.amount_stroops)}, ${refund.status.replaceAll('_', ' ')}`))
      ],
      sentence:
        `The refunds of this sale add up to ${pi(total)}, more than the ${pi(sale.amount_stroops)} it brought in: ${pi(excess)} too much went back. ` +
        'Ask the buyer to return it, or record it as a loss.'
    })
  }
}

// Outgoing payments whose memo is a payment id that the wallet paid in the period, with every
// transaction (of any time) that paid the same id.
function paidByWallet(context: RefundCheckContext) {
  const { networkId: network, appWallet: wallet } = context
  return context.store.db
    .selectFrom(indexedBy(context.store.db, 'chain_transactions', 't', 'chain_transactions_by_source'))
    .innerJoin('chain_operations as o', (join) => join.onRef('o.network_id', '=', 't.network_id').onRef('o.transaction_hash', '=', 't.hash'))
    .select((eb) => [eb.ref('t.memo').as('identifier'), 't.hash', 't.created_at', eb.fn.sum<bigint>('o.amount_stroops').as('amount')])
    .where('t.network_id', '=', network)
    .where('t.source_account', '=', wallet)
    .where('t.successful', '=', 1n)
    .where('t.memo_type', '=', 'text')
    .where('o.from_address', '=', wallet)
    .where('o.type', '=', 'payment')
    .where('o.successful', '=', 1n)
    .where('t.memo', 'in', (eb) =>
      eb
        .selectFrom(indexedBy(context.store.db, 'chain_transactions', 'm', 'chain_transactions_by_source'))
        .select('m.memo')
        .where('m.network_id', '=', network)
        .where('m.source_account', '=', wallet)
        .where('m.created_at', '>=', BigInt(context.startMs))
        .where('m.created_at', '<', BigInt(context.endMs))
        .where('m.successful', '=', 1n)
        .where('m.memo_type', '=', 'text')
    )
    // Every selected column is named (PostgreSQL asks it; each is one value per hash anyway).
    .groupBy(['t.hash', 't.memo', 't.created_at'])
    .orderBy('t.created_at')
    .orderBy('t.hash')
    .execute()
}

type PaidRow = Awaited<ReturnType<typeof paidByWallet>>[number]

export async function checkPaidOnce(context: RefundCheckContext): Promise<void> {
  const paid = await paidByWallet(context)
  const byPayment = new Map<string, PaidRow[]>()
  for (const payment of paid) {
    context.transactionsSeen.add(payment.hash)
    if (!isPaymentIdentifier(payment.identifier)) continue
    byPayment.set(payment.identifier, [...(byPayment.get(payment.identifier) ?? []), payment])
  }
  for (const [identifier, paying] of byPayment) {
    if (paying.length < 2) continue
    const payment = await context.store.db
      .selectFrom('payments')
      .select(['amount_stroops', 'refund_of', 'metadata_json', 'txid'])
      .where('identifier', '=', identifier)
      .executeTakeFirst()
    // The transaction Pi linked first, then the ones it did not (the extra payments), in time order.
    const linked = payment?.txid ?? null
    const transactions = [...paying.filter((t) => t.hash === linked), ...paying.filter((t) => t.hash !== linked)]
    const total = transactions.reduce((sum, transaction) => sum + transaction.amount, 0n)
    const owed = payment?.amount_stroops ?? null
    const noun = payment === undefined ? 'payment' : isRefund(payment) ? 'refund' : 'payout'
    context.findings.add({
      type: 'paid_more_than_once',
      subjectKind: 'payment',
      subject: identifier,
      paymentId: identifier,
      txid: transactions.find((transaction) => transaction.hash !== linked)?.hash ?? null,
      amount: owed === null ? total : total - owed,
      evidence: [
        row('Transactions paying it', owed === null ? '1' : `1, of ${pi(owed)}`, `${transactions.length}, ${pi(total)} in all`),
        ...transactions.map((transaction) => row(`Transaction ${transaction.hash}`, null, pi(transaction.amount)))
      ],
      sentence:
        `The app wallet paid this ${noun} ${transactions.length} times, ${pi(total)} in all` +
        (owed === null
          ? '. Sync to bring its Pi record into the ledger, then ask the payee to send back what was paid twice.'
          : ` for a ${noun} of ${pi(owed)}. Ask the payee to send back ${pi(total - owed)}, or record it as a loss, ` +
            'and check the Refunds page before paying anything else.')
    })
  }
}

function isRefund(payment: { readonly refund_of: string | null; readonly metadata_json: string }): boolean {
  if (payment.refund_of !== null) return true
  try {
    const metadata = JSON.parse(payment.metadata_json) as Record<string, unknown> | null
    return typeof metadata?.refund_of === 'string'
  } catch {
    return false
  }
}
