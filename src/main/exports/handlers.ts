// The exports over the contract, thin over the ExportRuns service. `exports:run` writes a file
// where main's save-location port says (the renderer never names a path), with `task:progress`
// events, and answers with the file's name, rows and control totals. `exports:count` says how many
// rows the same request would write; `exports:verify` re-checks a file named by the id
// `exports:run` gave; `exports:cancel` stops a running one; `exports:history` lists the files
// written (export-history.ts).
import { basename } from 'node:path'
import type { ExportCountView, ExportRunView, ExportSavedView, Handlers } from '../../shared/contract'
import type { ExportRecord } from './export-history'
import type { ExportRuns } from './export-runs'
import { MANIFEST_SUFFIX } from './manifest'

/** What the page shows of an export, from its record (the manifest as written). */
function savedView(record: ExportRecord): Omit<ExportSavedView, 'outcome'> {
  const { manifest } = record
  return {
    exportId: record.exportId,
    report: manifest.report,
    schema: manifest.schema.id,
    fileName: record.fileName,
    folder: record.folder,
    manifestFileName: `${manifest.file.name}${MANIFEST_SUFFIX}`,
    rows: manifest.rowCount,
    from: manifest.period.from,
    to: manifest.period.to,
    timeZone: manifest.period.timeZone,
    totals: Object.entries(manifest.controlTotals).map(([column, total]) => ({ column, total })),
    sha256: manifest.file.sha256
  }
}

export function exportsHandlers(runs: ExportRuns): Pick<Handlers, 'exports:run' | 'exports:count' | 'exports:cancel' | 'exports:verify' | 'exports:history'> {
  return {
    'exports:run': async (input): Promise<ExportRunView> => {
      const record = await runs.run(input)
      return record === null ? { outcome: 'not_saved' } : { outcome: 'saved', ...savedView(record) }
    },
    'exports:count': async (input): Promise<ExportCountView> => ({ report: input.report, ...(await runs.count(input)) }),
    'exports:cancel': () => ({ cancelled: runs.cancel() }),
    'exports:history': async () => {
      const records = await runs.history()
      return {
        entries: records.map((record) => ({
          ...savedView(record),
          requestedBy: record.requestedBy,
          createdAt: record.createdAt.toISOString(),
          filters: record.manifest.filters,
          books: record.manifest.bookTotals ?? null
        }))
      }
    },
    'exports:verify': async ({ exportId }) => {
      const { manifestPath, verdict } = await runs.verify(exportId)
      return {
        ok: verdict.ok,
        fileName: verdict.manifest?.file.name ?? basename(manifestPath, MANIFEST_SUFFIX),
        rows: verdict.rows,
        problems: verdict.problems
      }
    }
  }
}
