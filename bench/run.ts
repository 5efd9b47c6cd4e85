// `npm run bench`: the performance figures of issue 8, measured on generated data. Prints one
// JSON line per figure to stdout (progress goes to stderr); see BENCHMARKS.md for how to read them.
//
//   npm run bench                                   every figure at full size
//   npm run bench -- --only ledger-page --payments 100000
//   npm run bench -- --db /tmp/ledger-1m.sqlite     keep (or reuse) the built ledger between runs
//   npm run bench -- --engine postgres --pg-url postgres://postgres@127.0.0.1:5432/bench
//                                                   the database figures on a team's PostgreSQL server
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command, InvalidArgumentError, Option } from 'commander'
import { withBenchSchema } from './dataset/ledger-postgres'
import { runBench, FIGURES } from './harness/runner'

/** Where `--engine postgres` finds its server when --pg-url is not given. */
const POSTGRES_URL_VARIABLE = 'MERCHANT_DESK_BENCH_POSTGRES_URL'

function positive(text: string): number {
  const value = Number(text.replaceAll('_', '').replaceAll(',', ''))
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError('Not a positive whole number.')
  return value
}

const program = new Command('bench')
  .description('Merchant Desk benchmarks (issue 8)')
  .option('--only <names>', `comma-separated figures: ${FIGURES.map((f) => f.name).join(', ')}`)
  .option('--payments <n>', 'payments in the ledger the database figures use', positive, 1_000_000)
  .option('--sync-payments <n>', 'payments of the sandbox history the sync figure syncs', positive, 100_000)
  .option('--ingest-payments <n>', 'payments the ingest figure stores', positive, 100_000)
  .option('--iterations <n>', 'measured iterations per timed case', positive, 60)
  .option('--db <path>', 'build the ledger here and keep it; reuse it when it already exists')
  .addOption(new Option('--engine <engine>', 'where the database figures run').choices(['sqlite', 'postgres']).default('sqlite'))
  .option(
    '--pg-url <url>',
    `the PostgreSQL server for --engine postgres (default: $${POSTGRES_URL_VARIABLE}); the ledger goes in ?schema=NAME, else bench_ledger_<payments>, and is reused when it holds --payments rows`
  )
  .parse()

const options = program.opts<{
  only?: string
  payments: number
  syncPayments: number
  ingestPayments: number
  iterations: number
  db?: string
  engine: 'sqlite' | 'postgres'
  pgUrl?: string
}>()

const givenUrl = options.pgUrl ?? process.env[POSTGRES_URL_VARIABLE]
if (options.engine === 'postgres' && (givenUrl === undefined || givenUrl === '')) {
  process.stderr.write(
    `bench: --engine postgres needs a PostgreSQL server: pass --pg-url postgres://user@host:5432/database or set ${POSTGRES_URL_VARIABLE}.\n`
  )
  process.exit(2)
}
const postgresUrl = options.engine === 'postgres' && givenUrl !== undefined ? withBenchSchema(givenUrl, options.payments) : undefined

const workDir = mkdtempSync(join(tmpdir(), 'md-bench-'))
try {
  const lines = await runBench({
    engine: options.engine,
    ...(postgresUrl === undefined ? {} : { postgresUrl }),
    only: options.only === undefined ? null : options.only.split(',').map((name) => name.trim()),
    payments: options.payments,
    syncPayments: options.syncPayments,
    ingestPayments: options.ingestPayments,
    iterations: options.iterations,
    buildPreview: true,
    workDir,
    ledgerPath: options.db ?? join(workDir, 'ledger.sqlite'),
    log: (message) => process.stderr.write(`${message}\n`),
    print: (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`)
  })
  const missed = lines.filter((entry) => entry.pass === false).length
  process.stderr.write(`bench: ${lines.length} lines, ${missed} missing their target\n`)
} finally {
  rmSync(workDir, { recursive: true, force: true })
}
