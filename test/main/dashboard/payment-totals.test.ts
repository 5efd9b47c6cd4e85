// payment_totals, kept by triggers, always equals a GROUP BY over payments per UTC day, hour and
// quarter hour: after inserts,
// status changes, moves in time, amount changes, network clears and deletes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../src/main/db/open'
import { clearNetworkLedger } from '../../../src/main/db/network-reset'
import { generatePayments, insertPayments, seededRandom } from '../ledger/payment-factory'

let store: MerchantDb
beforeEach(async () => {
  store = openDatabase(':memory:')
})
afterEach(() => store.close())

const QUARTER = 900_000
const HOUR = 3_600_000
const DAY = 86_400_000

function stored(): unknown[] {
  return store.sqlite
    .prepare(
      `SELECT network_id, span, direction, status, is_refund, starts_at, payment_count, amount_stroops
       FROM payment_totals ORDER BY network_id, span, direction, status, is_refund, starts_at`
    )
    .all()
}

function recomputed(): unknown[] {
  const floor = (span: number) => `created_at - ((created_at % ${span}) + ${span}) % ${span}`
  return store.sqlite
    .prepare(
      `SELECT network_id, span, direction, status, is_refund, starts_at, count(*) AS payment_count, sum(amount_stroops) AS amount_stroops
       FROM (
         SELECT network_id, 'hour' AS span, direction, status, refund_of IS NOT NULL AS is_refund, ${floor(HOUR)} AS starts_at, amount_stroops FROM payments
         UNION ALL
         SELECT network_id, 'day', direction, status, refund_of IS NOT NULL, ${floor(DAY)}, amount_stroops FROM payments
         UNION ALL
         SELECT network_id, 'quarter', direction, status, refund_of IS NOT NULL, ${floor(QUARTER)}, amount_stroops FROM payments
       )
       GROUP BY network_id, span, direction, status, is_refund, starts_at
       ORDER BY network_id, span, direction, status, is_refund, starts_at`
    )
    .all()
}

describe('payment_totals', () => {
  it('counts every inserted payment once per day, once per hour and once per quarter hour', async () => {
    insertPayments(store, generatePayments(1500, { seed: 4, minutes: 5 * 24 * 60 }))
    expect(stored()).toEqual(recomputed())
    const counted = ['day', 'hour', 'quarter'].map((span) =>
      store.sqlite.prepare('SELECT sum(payment_count) FROM payment_totals WHERE span = ?').pluck().get(span)
    )
    expect(counted).toEqual([1500n, 1500n, 1500n])
  })

  it('stays equal to the payments through random updates and deletes', async () => {
    const rows = generatePayments(800, { seed: 8, minutes: 3 * 24 * 60 })
    insertPayments(store, rows)
    const random = seededRandom(99)
    const ids = rows.map((row) => row.identifier)
    const complete = store.sqlite.prepare('UPDATE payments SET developer_completed = 1 WHERE identifier = ? AND txid IS NOT NULL AND cancelled = 0 AND user_cancelled = 0')
    const cancel = store.sqlite.prepare('UPDATE payments SET cancelled = 1 WHERE identifier = ?')
    const move = store.sqlite.prepare('UPDATE payments SET created_at = created_at + ? WHERE identifier = ?')
    const reprice = store.sqlite.prepare('UPDATE payments SET amount_stroops = ? WHERE identifier = ?')
    const repoll = store.sqlite.prepare('UPDATE payments SET last_polled_at = last_polled_at + 1, memo = memo WHERE identifier = ?')
    const remove = store.sqlite.prepare('DELETE FROM payments WHERE identifier = ? AND NOT EXISTS (SELECT 1 FROM payments AS r WHERE r.refund_of = ?)')
    for (let step = 0; step < 600; step++) {
      const id = random.pick(ids)
      switch (random.int(6)) {
        case 0: complete.run(id); break
        case 1: cancel.run(id); break
        case 2: move.run(BigInt(random.int(4 * HOUR) - 2 * HOUR), id); break
        case 3: reprice.run(BigInt(random.int(1000)) * 100_000n, id); break
        case 4: repoll.run(id); break
        case 5: remove.run(id, id); break
      }
    }
    expect(stored()).toEqual(recomputed())
    expect(store.sqlite.prepare('SELECT count(*) FROM payment_totals WHERE payment_count = 0').pluck().get()).toBe(0n)
  })

  it('is emptied with the rest of a network when the sandbox is reset', async () => {
    insertPayments(store, generatePayments(300, { seed: 6 }))
    await clearNetworkLedger(store, 'sandbox')
    expect(store.sqlite.prepare(`SELECT count(*) FROM payment_totals WHERE network_id = 'sandbox'`).pluck().get()).toBe(0n)
    expect(stored()).toEqual(recomputed())
  })

  it('floors times before 1970 to their span, not towards zero', async () => {
    const [row] = generatePayments(1, { seed: 2 })
    insertPayments(store, [{ ...row!, refund_of: null, created_at: -1 }])
    expect(
      store.sqlite.prepare('SELECT span, starts_at FROM payment_totals ORDER BY span').all()
    ).toEqual([
      { span: 'day', starts_at: -BigInt(DAY) },
      { span: 'hour', starts_at: -BigInt(HOUR) },
      { span: 'quarter', starts_at: -BigInt(QUARTER) }
    ])
  })
})
