// The figures the copy is proved by, read the same way from both sides: money to the stroop per
// network and direction (payments also per status, which the target computes itself), payouts,
// chain operations and fees, and the totals and search rows the target's triggers rebuilt.
import type { MerchantDb } from '../open'

/** "payments sandbox user_to_app completed: stroops" -> 31400000n. */
export type Figures = ReadonlyMap<string, bigint>

function amount(value: bigint | number | string | null | undefined): bigint {
  return value === null || value === undefined ? 0n : BigInt(value)
}

export async function readFigures(store: MerchantDb): Promise<Figures> {
  const figures = new Map<string, bigint>()
  const put = (what: string, rows: bigint | number | string, stroops?: bigint | number | string | null) => {
    figures.set(`${what}: rows`, amount(rows))
    if (stroops !== undefined) figures.set(`${what}: stroops`, amount(stroops))
  }
  const { db } = store

  const payments = await db
    .selectFrom('payments')
    .select((eb) => ['network_id', 'direction', 'status', eb.fn.countAll<bigint>().as('rows'), eb.fn.sum<bigint | null>('amount_stroops').as('stroops'), eb.fn.sum<bigint | null>('refund_count').as('refunds')])
    .groupBy(['network_id', 'direction', 'status'])
    .orderBy('network_id').orderBy('direction').orderBy('status')
    .execute()
  for (const group of payments) {
    put(`payments ${group.network_id} ${group.direction} ${group.status}`, group.rows, group.stroops)
    // Kept by the target's triggers from refund_of: the same count proves every refund found its sale.
    if (group.direction === 'user_to_app') figures.set(`payments ${group.network_id} ${group.direction} ${group.status}: refunds counted`, amount(group.refunds))
  }

  const payouts = await db
    .selectFrom('payouts')
    .select((eb) => ['network_id', 'kind', 'state', eb.fn.countAll<bigint>().as('rows'), eb.fn.sum<bigint | null>('amount_stroops').as('stroops'), eb.fn.sum<bigint | null>('fee_charged_stroops').as('fees')])
    .groupBy(['network_id', 'kind', 'state'])
    .orderBy('network_id').orderBy('kind').orderBy('state')
    .execute()
  for (const group of payouts) {
    put(`payouts ${group.network_id} ${group.kind} ${group.state}`, group.rows, group.stroops)
    figures.set(`payouts ${group.network_id} ${group.kind} ${group.state}: fee stroops`, amount(group.fees))
  }

  const operations = await db
    .selectFrom('chain_operations')
    .select((eb) => ['network_id', 'type', eb.fn.countAll<bigint>().as('rows'), eb.fn.sum<bigint | null>('amount_stroops').as('stroops')])
    .groupBy(['network_id', 'type'])
    .orderBy('network_id').orderBy('type')
    .execute()
  for (const group of operations) put(`chain operations ${group.network_id} ${group.type}`, group.rows, group.stroops)

  const transactions = await db
    .selectFrom('chain_transactions')
    .select((eb) => ['network_id', eb.fn.countAll<bigint>().as('rows'), eb.fn.sum<bigint | null>('fee_charged_stroops').as('stroops')])
    .groupBy('network_id')
    .orderBy('network_id')
    .execute()
  for (const group of transactions) put(`chain transaction fees ${group.network_id}`, group.rows, group.stroops)

  const items = await db
    .selectFrom('reconciliation_items')
    .select((eb) => [eb.fn.countAll<bigint>().as('rows'), eb.fn.sum<bigint | null>('amount_stroops').as('stroops')])
    .executeTakeFirstOrThrow()
  put('reconciliation items', items.rows, items.stroops)

  // Rebuilt by the target's triggers, not copied: the same figures prove they saw every payment.
  const totals = await db
    .selectFrom('payment_totals')
    .select((eb) => ['network_id', 'direction', eb.fn.sum<bigint | null>('payment_count').as('rows'), eb.fn.sum<bigint | null>('amount_stroops').as('stroops')])
    .where('span', '=', 'day')
    .groupBy(['network_id', 'direction'])
    .orderBy('network_id').orderBy('direction')
    .execute()
  for (const group of totals) put(`payment totals (daily) ${group.network_id} ${group.direction}`, group.rows ?? 0n, group.stroops)

  const books = await db
    .selectFrom('book_totals')
    .select((eb) => ['network_id', 'direction', 'book', eb.fn.sum<bigint | null>('payment_count').as('rows'), eb.fn.sum<bigint | null>('amount_stroops').as('stroops')])
    .where('span', '=', 'day')
    .groupBy(['network_id', 'direction', 'book'])
    .orderBy('network_id').orderBy('direction').orderBy('book')
    .execute()
  for (const group of books) put(`book totals (daily) ${group.network_id} ${group.direction} ${group.book}`, group.rows ?? 0n, group.stroops)

  const search = await db
    .selectFrom('payments_search')
    .select((eb) => eb.fn.countAll<bigint>().as('rows'))
    .executeTakeFirstOrThrow()
  put('payments search index', search.rows)

  return figures
}
