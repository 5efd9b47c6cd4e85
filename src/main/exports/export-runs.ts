// The export in flight and this session's exports, held by a service rather than a handler:
// `run` checks the request, asks where to save (the renderer never names a path), streams the
// file with progress, and keeps it in the export history; `cancel` stops it; `verify` re-checks a
// file by the id `run` gave (this session's, or one in the history). One export at a time.
import { join } from 'node:path'
import type { AppSettings, ExportRunInput } from '../../shared/contract'
import { UserFacingError } from '../../shared/errors'
import type { MerchantDb } from '../db'
import { findExport, listExports, recordWrittenExport, type ExportRecord } from './export-history'
import { countExportRows, exportScope } from './export-scope'
import { MANIFEST_SUFFIX } from './manifest'
import { runExport, type ExportProgress } from './run-export'
import { suggestedExportName, type ChooseSaveLocation } from './save-location'
import { verifyExport, type ExportVerification } from './verify-export'

export interface ExportRunsOptions {
  readonly store: MerchantDb
  readonly settings: { current(): AppSettings }
  /** Written into every manifest. */
  readonly version: string
  /** Electron's save dialog in the desktop app; saveIntoFolder(...) in the preview and tests. */
  readonly chooseSaveLocation: ChooseSaveLocation
  /** The app wallet of the network in use (the fees export needs it); null when not set up. */
  readonly appWallet: () => Promise<string | null>
  readonly now?: () => Date
  /** Who asks, as the export history records it ("desktop" for the app). */
  /** Who acts now (the person working at the desk); default "desktop". */
  readonly actor?: () => string
  readonly onProgress?: (progress: ExportProgress) => void
}

/** Manifests of this session's exports, by id; the oldest are forgotten past this many. */
const REMEMBERED_EXPORTS = 200

const alreadyRunning = () => new UserFacingError('export_running', 'An export is already being written. Wait for it to finish, or stop it.')

export class ExportRuns {
  private running: AbortController | null = null
  private readonly made = new Map<string, string>()

  constructor(private readonly options: ExportRunsOptions) {}

  /** The saved export's record, or null when the merchant chose not to save. */
  async run(input: ExportRunInput): Promise<ExportRecord | null> {
    const { options } = this
    if (this.running !== null) throw alreadyRunning()
    const settings = options.settings.current()
    // Everything that can be refused is refused before the save dialog opens.
    const scope = await exportScope(options.store, settings, input)
    const { filter, timeZone } = scope
    const appWallet = input.report === 'fees' ? await options.appWallet() : null

    const destination = await options.chooseSaveLocation(suggestedExportName(input.report, scope.from, scope.to))
    if (destination === null) return null
    if (this.running !== null) throw alreadyRunning()

    const abort = (this.running = new AbortController())
    try {
      const result = await runExport(
        options.store,
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
          appVersion: options.version,
          signal: abort.signal,
          ...(options.now ? { now: options.now } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {})
        }
      )
      const record = await recordWrittenExport(options.store, {
        networkId: settings.network,
        csvPath: result.csvPath,
        manifest: result.manifest,
        requestedBy: options.actor?.() ?? 'desktop'
      })
      this.made.set(record.exportId, result.manifestPath)
      if (this.made.size > REMEMBERED_EXPORTS) this.made.delete(this.made.keys().next().value as string)
      return record
    } finally {
      this.running = null
    }
  }

  /** How many rows the same request would write, before anything is written. */
  async count(input: ExportRunInput): Promise<{ readonly rows: number; readonly from: string; readonly to: string; readonly timeZone: string }> {
    const scope = await exportScope(this.options.store, this.options.settings.current(), input)
    const appWallet = input.report === 'fees' ? await this.options.appWallet() : null
    const rows = await countExportRows(this.options.store, scope, appWallet)
    return { rows, from: scope.from, to: scope.to, timeZone: scope.timeZone }
  }

  /** Stops the export being written; whether there was one. */
  cancel(): boolean {
    const cancelled = this.running !== null
    this.running?.abort()
    return cancelled
  }

  history(): Promise<ExportRecord[]> {
    return listExports(this.options.store, this.options.settings.current().network)
  }

  /** The verdict on an export of this session or of the history, with the manifest path it checked. */
  async verify(exportId: string): Promise<{ readonly manifestPath: string; readonly verdict: ExportVerification }> {
    const remembered = this.made.get(exportId)
    const recorded = remembered === undefined ? await findExport(this.options.store, exportId) : null
    const manifestPath = remembered ?? (recorded ? join(recorded.folder, `${recorded.fileName}${MANIFEST_SUFFIX}`) : undefined)
    if (manifestPath === undefined) {
      throw new UserFacingError('export_unknown', 'That export is not in the export history. Verify it from the command line: merchant-desk export verify.')
    }
    return { manifestPath, verdict: await verifyExport(manifestPath) }
  }
}
