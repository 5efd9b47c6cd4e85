// Figure 5, CSV export: the app's payments export of the whole ledger (runExport: snapshot, count,
// metadata columns, both time zones, formula neutralizing, hash, manifest) against equal work done
// bare: the product's own SQL run as one statement, the same columns formatted by SQLite and written
// through csv-stringify with the export's options, so that both sides write the same bytes (the
// figure says whether the two files are identical). Until issue 16 the bare side wrote 11 raw
// columns (half the bytes) without the chain-fact lookups or the metadata pass. Each run is a child
// process of its own, so its peak RSS is its own.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Figure } from '../harness/context'
import { line, round } from '../harness/measure'

const run = promisify(execFile)
const CHILD = fileURLToPath(new URL('./csv-export-child.ts', import.meta.url))

interface ExportRun {
  readonly rows: number
  readonly ms: number
  readonly peakRssMb: number
}

async function exportOnce(ledgerPath: string, mode: 'product' | 'bare', out: string): Promise<ExportRun> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, ledgerPath, mode, out], { maxBuffer: 1 << 20 })
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ExportRun
}

/** Product and bare exports alternate, the first of each pair swapped each round; each round gives a ratio. */
const ROUNDS = 3

export const csvExportFigure: Figure = {
  name: 'csv-export',
  describe: 'CSV of the whole ledger: rows/s and peak RSS, the payments export vs its own SQL and columns bare through csv-stringify',
  async run(context) {
    const ledger = context.ledger()
    const productOut = join(context.workDir, 'export-payments.csv')
    const bareOut = join(context.workDir, 'export-bare.csv')
    const products: ExportRun[] = []
    const bares: ExportRun[] = []
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) {
        products.push(await exportOnce(ledger.path, 'product', productOut))
        bares.push(await exportOnce(ledger.path, 'bare', bareOut))
      } else {
        bares.push(await exportOnce(ledger.path, 'bare', bareOut))
        products.push(await exportOnce(ledger.path, 'product', productOut))
      }
    }
    for (const run of [...products, ...bares]) {
      if (run.rows !== ledger.payments) throw new Error(`csv-export: exported ${run.rows} rows of ${ledger.payments}`)
    }
    const rate = (run: ExportRun) => run.rows / (run.ms / 1000)
    const ratios = products.map((product, index) => rate(product) / rate(bares[index] as ExportRun))
    const spread = { rounds: ROUNDS, low: round(Math.min(...ratios), 3), high: round(Math.max(...ratios), 3) }
    const sameBytes = (await sha256Of(productOut)) === (await sha256Of(bareOut))
    const note = `runExport payments report (UTC) with manifest vs the same SQL and columns bare, ${ROUNDS} rounds alternating; ` +
      `files ${(statSync(productOut).size / 1e6).toFixed(0)} MB / ${(statSync(bareOut).size / 1e6).toFixed(0)} MB, ${sameBytes ? 'identical' : 'different'}`
    const common = { figure: 'csv-export', payments: ledger.payments, note }
    const value = median(products.map(rate))
    const baseline = median(bares.map(rate))
    const peak = Math.max(...products.map((run) => run.peakRssMb))
    const barePeak = Math.max(...bares.map((run) => run.peakRssMb))
    context.log(`csv-export: ${Math.round(value)} rows/s (bare ${Math.round(baseline)}), round ratios ${spread.low}..${spread.high}, peak RSS ${peak.toFixed(0)} MB`)
    return [
      line({ ...common, metric: 'rows/s', value, unit: 'rows/s', baseline, spread, targets: [{ kind: 'min', limit: 0.8, of: 'ratio' }] }),
      line({ ...common, metric: 'peak RSS', value: peak, unit: 'MB', baseline: barePeak, targets: [{ kind: 'max', limit: 200, of: 'value' }] })
    ]
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}
