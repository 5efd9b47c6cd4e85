// Figure 5, CSV export: the app's payments export of the whole ledger (runExport: snapshot, count,
// metadata columns, both time zones, formula neutralizing, hash, manifest) against a bare SELECT
// of the same rows iterated and written with the same CSV library. Each run is a child process of
// its own, so its peak RSS is its own.
import { execFile } from 'node:child_process'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Figure } from '../harness/context'
import { line } from '../harness/measure'

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

export const csvExportFigure: Figure = {
  name: 'csv-export',
  describe: 'CSV of the whole ledger: rows/s and peak RSS, the payments export vs a bare SELECT through csv-stringify',
  async run(context) {
    const ledger = context.ledger()
    const productOut = join(context.workDir, 'export-payments.csv')
    const bareOut = join(context.workDir, 'export-bare.csv')
    const product = await exportOnce(ledger.path, 'product', productOut)
    const bare = await exportOnce(ledger.path, 'bare', bareOut)
    if (product.rows !== ledger.payments || bare.rows !== ledger.payments) {
      throw new Error(`csv-export: exported ${product.rows} (product) and ${bare.rows} (bare) rows of ${ledger.payments}`)
    }
    const note = `runExport payments report (UTC) with manifest vs bare SELECT of the same rows; ` +
      `files ${(statSync(productOut).size / 1e6).toFixed(0)} MB / ${(statSync(bareOut).size / 1e6).toFixed(0)} MB`
    const common = { figure: 'csv-export', payments: ledger.payments, note }
    context.log(`csv-export: ${Math.round(product.rows / (product.ms / 1000))} rows/s (bare ${Math.round(bare.rows / (bare.ms / 1000))}), peak RSS ${product.peakRssMb.toFixed(0)} MB`)
    return [
      line({ ...common, metric: 'rows/s', value: product.rows / (product.ms / 1000), unit: 'rows/s', baseline: bare.rows / (bare.ms / 1000) }),
      line({ ...common, metric: 'peak RSS', value: product.peakRssMb, unit: 'MB', baseline: bare.peakRssMb, targets: [{ kind: 'max', limit: 200, of: 'value' }] })
    ]
  }
}
