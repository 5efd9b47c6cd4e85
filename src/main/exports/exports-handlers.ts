// The exports over the contract. `exports:run` checks the request, asks main's save-location port
// where to write (the renderer never names a path), streams the export with `task:progress`
// events, and answers with the file's name, rows and control totals. `exports:count` says how many
// rows the same request would write, before anything is written. `exports:verify` re-checks a
// file this session wrote, named by the id `exports:run` gave; `exports:cancel` stops a running one.
import { randomBytes } from 'node:crypto'
import { basename, dirname } from 'node:path'
import type { AppSettings, ExportCountView, ExportRunView, ExportSavedView } from '../../shared/contract'
import { UserFacingError } from '../../shared/errors'
import type { MerchantDb } from '../db'
import type { EventBus } from '../router/events'
import type { Handlers } from '../router/router'
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
}

/** Manifests of this session's exports, by id; the oldest are forgotten past this many. */
const REMEMBERED_EXPORTS = 200

export function exportsHandlers(deps: ExportsHandlerDeps): Pick<Handlers, 'exports:run' | 'exports:count' | 'exports:cancel' | 'exports:verify'> {
  let running: AbortController | null = null
  const made = new Map<string, string>()

  return {
    'exports:run': async (input): Promise<ExportRunView> => {
      if (running !== null) {
        throw new UserFacingError('export_running', 'An export is already being written. Wait for it to finish, or stop it.')
      }
      const settings = deps.settings.current()
      // Everything that can be refused is refused before the save dialog opens.
      const scope = exportScope(deps.store, settings, input)
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
            destination
          },
          {
            appVersion: deps.version,
            signal: abort.signal,
            ...(deps.now ? { now: deps.now } : {}),
            onProgress: (progress) => deps.events.emit('task:progress', { task: 'export', ...progress })
          }
        )
        const exportId = randomBytes(12).toString('base64url')
        made.set(exportId, result.manifestPath)
        if (made.size > REMEMBERED_EXPORTS) made.delete(made.keys().next().value as string)
        const { manifest } = result
        const saved: ExportSavedView = {
          outcome: 'saved',
          exportId,
          report: manifest.report,
          schema: manifest.schema.id,
          fileName: basename(result.csvPath),
          folder: dirname(result.csvPath),
          manifestFileName: `${manifest.file.name}${MANIFEST_SUFFIX}`,
          rows: manifest.rowCount,
          from: manifest.period.from,
          to: manifest.period.to,
          timeZone: manifest.period.timeZone,
          totals: Object.entries(manifest.controlTotals).map(([column, total]) => ({ column, total })),
          sha256: manifest.file.sha256
        }
        return saved
      } finally {
        running = null
      }
    },
    'exports:count': async (input): Promise<ExportCountView> => {
      const scope = exportScope(deps.store, deps.settings.current(), input)
      const appWallet = input.report === 'fees' ? await deps.appWallet() : null
      const rows = countExportRows(deps.store, scope, appWallet)
      return { report: input.report, rows, from: scope.from, to: scope.to, timeZone: scope.timeZone }
    },
    'exports:cancel': () => {
      const cancelled = running !== null
      running?.abort()
      return { cancelled }
    },
    'exports:verify': async ({ exportId }) => {
      const manifestPath = made.get(exportId)
      if (manifestPath === undefined) {
        throw new UserFacingError('export_unknown', 'That export was not made in this session. Verify it from the command line: merchant-desk export verify.')
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
