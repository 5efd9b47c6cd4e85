// `npm run bench`: the performance figures of issue 8, measured on generated data. Prints one
// JSON line per figure to stdout (progress goes to stderr); see BENCHMARKS.md for how to read them.
//
//   npm run bench                                   every figure at full size
//   npm run bench -- --only ledger-page --payments 100000
//   npm run bench -- --db /tmp/ledger-1m.sqlite     keep (or reuse) the built ledger between runs
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command, InvalidArgumentError } from 'commander'
import { runBench, FIGURES } from './harness/runner'

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
  .parse()

const options = program.opts<{
  only?: string
  payments: number
  syncPayments: number
  ingestPayments: number
  iterations: number
  db?: string
}>()

const workDir = mkdtempSync(join(tmpdir(), 'md-bench-'))
try {
  const lines = await runBench({
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
