// Figure 4, dashboard aggregates for a year: dashboardSummary (payment_totals kept by triggers,
// partial hours read from payments) against the naive answer computed bare from the payments
// table itself (one GROUP BY per status and one per day), which is what the totals table saves.
// On PostgreSQL (issue 17) the same two GROUP BYs run on a plain pg client of the same server.
import { DateTime } from 'luxon'
import { openDatabase } from '../../src/main/db'
import { dashboardSummary, type DashboardSummary } from '../../src/main/dashboard'
import { openBare } from '../harness/bare'
import type { Figure } from '../harness/context'
import { line, time, type FigureLine } from '../harness/measure'

const DAY_MS = 86_400_000
/** UTC, a zone with DST, and a :30 zone (its days start inside a UTC hour: raw pieces are read). */
const ZONES = ['UTC', 'Europe/Berlin', 'Asia/Kolkata']
/** Any wallet: the benchmark ledger holds no chain transactions, so the fee sum is a cheap index probe. */
const APP_WALLET = `G${'A'.repeat(55)}`

export const dashboardFigure: Figure = {
  name: 'dashboard',
  describe: 'dashboard summary for the last 365 days, vs the same aggregates computed bare from payments',
  async run(context) {
    const ledger = context.ledger()
    const store = openDatabase(ledger.path, { readonly: true, now: () => new Date(ledger.to) })
    const bare = await openBare(ledger)
    const [p1, p2, p3, p4] = ledger.engine === 'postgres' ? ['$1', '$2', '$3', '$4'] : ['?', '?', '?', '?']
    const byStatus = (...params: unknown[]) => bare.all<{ status: string; direction: string; count: bigint }>(
      `SELECT direction, status, refund_of IS NOT NULL AS is_refund, count(*) AS count, sum(amount_stroops) AS amount
       FROM payments WHERE network_id = ${p1} AND created_at >= ${p2} AND created_at < ${p3} GROUP BY 1, 2, 3`,
      params
    )
    const byDay = (...params: unknown[]) => bare.all(
      `SELECT (created_at - ${p1}) / ${DAY_MS} AS day, direction, count(*) AS count, sum(amount_stroops) AS amount
       FROM payments WHERE network_id = ${p2} AND status = 'completed' AND created_at >= ${p3} AND created_at < ${p4} GROUP BY 1, 2`,
      params
    )
    const iterations = Math.max(3, Math.min(context.iterations, 15))
    // The bare aggregate reads the whole year row by row (seconds on a million payments): a few runs tell enough.
    const bareIterations = Math.min(iterations, 3)
    const lines: FigureLine[] = []
    try {
      for (const timeZone of ZONES) {
        const lastDay = DateTime.fromMillis(ledger.to, { zone: timeZone }).startOf('day')
        const firstDay = lastDay.minus({ days: 364 })
        const request = { from: firstDay.toISODate() as string, to: lastDay.toISODate() as string, timeZone, networkId: ledger.networkId, appWallet: APP_WALLET }
        const from = BigInt(firstDay.toMillis())
        const to = BigInt(lastDay.plus({ days: 1 }).toMillis())
        let summary: DashboardSummary | null = null
        let bareGroups: { status: string; direction: string; count: bigint }[] = []
        const timings = {
          value: await time(async () => (summary = await dashboardSummary(store, request)), { warmup: 1, iterations }),
          baseline: await time(
            async () => {
              bareGroups = await byStatus(ledger.networkId, from, to)
              return (await byDay(from, ledger.networkId, from, to)).length
            },
            { warmup: 0, iterations: bareIterations }
          )
        }
        const shown = (summary as DashboardSummary | null)?.statuses.reduce((sum, s) => sum + s.count, 0) ?? -1
        const counted = bareGroups.reduce((sum, g) => sum + Number(g.count), 0)
        const note = `${request.from}..${request.to} in ${timeZone}; ${shown} payments in the period` +
          (shown === counted ? ' (equal to the bare count)' : `, MISMATCH: the bare GROUP BY counts ${counted}`)
        lines.push(
          line({
            figure: 'dashboard',
            metric: `p95 summary of a year, ${timeZone}`,
            value: timings.value.p95,
            unit: 'ms',
            baseline: timings.baseline.p95,
            targets: [{ kind: 'max', limit: 100, of: 'value' }],
            payments: ledger.payments,
            note
          })
        )
        context.log(`dashboard: ${timeZone}: p95 ${timings.value.p95.toFixed(1)} ms (bare ${timings.baseline.p95.toFixed(1)} ms)`)
      }
    } finally {
      await bare.close()
      store.close()
    }
    return lines
  }
}
