// The exports over the contract. `exports:run` checks the request, asks main's save-location port
// where to write (the renderer never names a path), streams the export with `task:progress`
// events, and answers with the file's name, rows and control totals. `exports:count` says how many
// rows the same request would write, before anything is written. `exports:verify` re-checks a
// file named by the id `exports:run` gave (this session's, or one in the export history);
// `exports:cancel` stops a running one. Every file written is kept in the export history
// (export-history.ts), which `exports:history` lists.
import { basename, join } from 'node:path'
import type { AppSettings, ExportCountView, ExportRunView, ExportSavedView } from '../../shared/contract'
import { UserFacingError } from '../../shared/errors'
import type { MerchantDb } from '../db'
import type { EventBus } from '../router/events'
import type { Handlers } from '../router/router'
import { findExport, listExports, recordWrittenExport, type ExportRecord } from './export-history'
import { countExportRows, exportScope } from './export-scope'
import { MANIFEST_SUFFIX } from './manifest'
import { runExport } from './run-export'
import { suggestedExportName, type ChooseSaveLocation } from './save-location'
import { verifyExport } from './verify-export'

export interface ExportsHandlerDeps {
  readonly store: MerchantDb
  readonly settings: { current(): AppSettings }
  readonly events: EventBus
  /** Written into every manifest. */
  readonly version: string
  /** Electron's save dialog in the desktop app; saveIntoFolder(...) in the preview and tests. */
  readonly chooseSaveLocation: ChooseSaveLocation
  /** The app wallet of the network in use (the fees export needs it); null when not set up. */
  readonly appWallet: () => Promise<string | null>
  readonly now?: () => Date
  /** Who asks, as the export history records it ("desktop" for the app). */
  readonly actor?: string
}

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

/** Manifests of this session's exports, by id; the oldest are forgotten past this many. */
const REMEMBERED_EXPORTS = 200

export function exportsHandlers(deps: ExportsHandlerDeps): Pick<Handlers, 'exports:run' | 'exports:count' | 'exports:cancel' | 'exports:verify' | 'exports:history'> {
  let running: AbortController | null = null
  const made = new Map<string, string>()

  return {
    'exports:run': async (input): Promise<ExportRunView> => {
      if (running !== null) {
        throw new UserFacingError('export_running', 'An export is already being written. Wait for it to finish, or stop it.')
      }
      const settings = deps.settings.current()
      // Everything that can be refused is refused before the save dialog opens.
      const scope = await exportScope(deps.store, settings, input)
      const { filter, timeZone } = scope
      const appWallet = input.report === 'fees' ? await deps.appWallet() : null

      const destination = await deps.chooseSaveLocation(suggestedExportName(input.report, scope.from, scope.to))
      if (destination === null) return { outcome: 'not_saved' }
      if (running !== null) throw new UserFacingError('export_running', 'An export is already being written. Wait for it to finish, or stop it.')

      const abort = (running = new AbortController())
      try {
        const result = await runExport(
          deps.store,
          {
            report: input.report,
            networkId: settings.network,
            from: scope.from,
            to: scope.to,
            timeZone,
            ...(filter !== undefined ? { filter } : {}),
            appWallet,
            destination,
            // The chooser said so: the save dialog asks before it returns an existing file, and
            // saveIntoFolder never returns one. The database and the app's files stay refused.
            replaceExisting: true
          },
          {
            appVersion: deps.version,
            signal: abort.signal,
            ...(deps.now ? { now: deps.now } : {}),
            onProgress: (progress) => deps.events.emit('task:progress', { task: 'export', ...progress })
          }
        )
        const record = await recordWrittenExport(deps.store, {
          networkId: settings.network,
          csvPath: result.csvPath,
          manifest: result.manifest,
          requestedBy: deps.actor ?? 'desktop'
        })
        made.set(record.exportId, result.manifestPath)
        if (made.size > REMEMBERED_EXPORTS) made.delete(made.keys().next().value as string)
        return { outcome: 'saved', ...savedView(record) }
      } finally {
        running = null
      }
    },
    'exports:count': async (input): Promise<ExportCountView> => {
      const scope = await exportScope(deps.store, deps.settings.current(), input)
      const appWallet = input.report === 'fees' ? await deps.appWallet() : null
      const rows = await countExportRows(deps.store, scope, appWallet)
      return { report: input.report, rows, from: scope.from, to: scope.to, timeZone: scope.timeZone }
    },
    'exports:cancel': () => {
      const cancelled = running !== null
      running?.abort()
      return { cancelled }
    },
    'exports:history': async () => {
      const records = await listExports(deps.store, deps.settings.current().network)
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
      const remembered = made.get(exportId)
      const recorded = remembered === undefined ? await findExport(deps.store, exportId) : null
      const manifestPath = remembered ?? (recorded ? join(recorded.folder, `${recorded.fileName}${MANIFEST_SUFFIX}`) : undefined)
      if (manifestPath === undefined) {
        throw new UserFacingError('export_unknown', 'That export is not in the export history. Verify it from the command line: merchant-desk export verify.')
      }
      const verdict = await verifyExport(manifestPath)
      return {
        ok: verdict.ok,
        fileName: verdict.manifest?.file.name ?? basename(manifestPath, MANIFEST_SUFFIX),
        rows: verdict.rows,
        problems: verdict.problems
      }
    }
  }
}
