// Figures 2 and 3: the ledger query (listPayments: a filtered, sorted page of 100) and the search
// box, on the shared ledger, against the very SQL listPayments builds (page-sql.ts) run bare on a
// plain better-sqlite3 connection with the statement prepared once (on PostgreSQL, issue 17: the
// same SQL as kysely compiles it for PostgreSQL, a named prepared statement of one plain pg client
// on the same server and schema). The difference is what the
// product adds: query checks, building and compiling the kysely query, the search-breadth check,
// row mapping. Product and bare run interleaved in rounds of 20 (timeRounds): the figure is the
// median over rounds of each round's percentile, with the spread of the round ratios.
import { openDatabase, type MerchantDb } from '../../src/main/db'
import { listPayments } from '../../src/main/ledger'
import { decodeCursor } from '../../src/main/ledger/cursor'
import { filterFingerprint, normalizeQuery } from '../../src/main/ledger/normalize-query'
import { pageSql } from '../../src/main/ledger/page-sql'
import type { LedgerQuery } from '../../src/main/ledger'
import { openBare } from '../harness/bare'
import type { BenchContext, Figure } from '../harness/context'
import { line, timeRounds, type FigureLine, type RoundedTimings, type Target } from '../harness/measure'
import { pageCases, searchCases, type LedgerCase } from './ledger-cases'

export const ledgerPageFigure: Figure = {
  name: 'ledger-page',
  describe: 'p50/p95 of a filtered, sorted page of 100 for each filter and sort, vs the same SQL bare',
  run: (context) => timeCases(context, 'ledger-page', pageCases(context.ledger()), [
    { kind: 'max', limit: 10, of: 'value' },
    { kind: 'max', limit: 1.5, of: 'ratio' }
  ])
}

export const searchFigure: Figure = {
  name: 'search',
  describe: 'p50/p95 of a search by payment id, txid and user-uid prefix, vs the same SQL bare',
  run: (context) => timeCases(context, 'search', searchCases(context.ledger()), [{ kind: 'max', limit: 5, of: 'value' }])
}

async function timeCases(context: BenchContext, figure: string, cases: readonly LedgerCase[], p95Targets: readonly Target[]): Promise<FigureLine[]> {
  const ledger = context.ledger()
  const store = openDatabase(ledger.path)
  const bare = await openBare(ledger)
  const lines: FigureLine[] = []
  try {
    for (const ledgerCase of cases) {
      // A deep page starts from the same cursor every time (found once, outside the timed calls).
      const deep = (ledgerCase.pagesIn ?? 0) > 0 ? await deepCursor(store, ledgerCase.query(0), ledgerCase.pagesIn ?? 0) : null
      const cursorOf = (_iteration: number) => deep
      const inputs = new Map<number, { query: LedgerQuery; bare: { sql: string; params: readonly unknown[] } }>()
      const input = (iteration: number) => {
        let found = inputs.get(iteration)
        if (found === undefined) {
          const query = { ...ledgerCase.query(iteration), cursor: cursorOf(iteration) }
          found = { query, bare: bareSql(store, query) }
          inputs.set(iteration, found)
        }
        return found
      }
      const total = roundsOf(context) * PER_ROUND + warmupOf(context)
      for (let i = 0; i < total; i++) input(i)
      const product = async (i: number) => (await listPayments(store, input(i).query)).rows.length
      const bareRun = (i: number) => {
        const { sql, params } = input(i).bare
        const rows = bare.all(sql, params)
        return Array.isArray(rows) ? rows.length : rows.then((all) => all.length)
      }
      const options = { warmup: warmupOf(context), rounds: roundsOf(context), perRound: PER_ROUND }
      const [p50, p95] = (await timeRounds(product, bareRun, { ...options, percentiles: [50, 95] })) as [RoundedTimings, RoundedTimings]
      const common = { figure, unit: 'ms', payments: ledger.payments }
      lines.push(
        line({ ...common, metric: `p50 ${ledgerCase.name}`, value: p50.value, baseline: p50.baseline, spread: p50.spread, targets: p95Targets.filter((t) => t.of === 'ratio') }),
        line({ ...common, metric: `p95 ${ledgerCase.name}`, value: p95.value, baseline: p95.baseline, spread: p95.spread, targets: p95Targets })
      )
      context.log(
        `${figure}: ${ledgerCase.name}: p95 ${p95.value.toFixed(2)} ms (bare ${p95.baseline.toFixed(2)} ms), ` +
          `round ratios ${p95.spread.low}..${p95.spread.high}`
      )
    }
  } finally {
    await bare.close()
    store.close()
  }
  return lines
}

/** Iterations per round: enough for a p95 per round (the 19th of 20), few enough for many rounds. */
const PER_ROUND = 20

/** --iterations is the measured iterations per side and percentile, split into rounds of 20 (at least 3). */
export function roundsOf(context: BenchContext): number {
  return Math.max(3, Math.round(context.iterations / PER_ROUND))
}

export function warmupOf(context: BenchContext): number {
  return Math.max(2, Math.round(context.iterations / 10))
}

async function deepCursor(store: MerchantDb, query: LedgerQuery, pages: number): Promise<string | null> {
  let cursor: string | null = null
  for (let i = 0; i < pages; i++) {
    cursor = (await listPayments(store, { ...query, cursor })).nextCursor
    if (cursor === null) break
  }
  return cursor
}

function bareSql(store: MerchantDb, query: LedgerQuery): { sql: string; params: readonly unknown[] } {
  const normalized = normalizeQuery(query)
  const after = normalized.cursor === null
    ? null
    : decodeCursor(normalized.cursor, normalized.sort, filterFingerprint(normalized.networkId, normalized.filter))
  const { sql, params } = pageSql(store.db, normalized, after)
  return { sql, params }
}
