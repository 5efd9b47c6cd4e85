// One export, start to finish: check the period, read a snapshot, count, stream the rows into a
// temporary file, write the manifest, and only then give both their final names. A crash, a full
// disk or a cancel at any point leaves no file (and no manifest) under the final name: at worst a
// hidden `.partial` file that names itself as unfinished.
//
// This is the function the CLI, the Exports page and the benchmarks call.
import { randomBytes } from 'node:crypto'
import { rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { ExportReport } from '../../shared/contract/exports'
import { UserFacingError } from '../../shared/errors'
import { NETWORKS, type NetworkId } from '../../shared/network'
import type { Stroops } from '../../shared/money'
import type { MerchantDb } from '../db'
import type { PaymentFilter } from '../ledger'
import { bookTotalsView } from '../ledger'
import { describeFilter } from './describe-filter'
import { checkExportDestination } from './destination-guard'
import { formatExportAmount } from './export-amounts'
import { exportPeriod } from './export-period'
import { instantFormatter } from './export-times'
import { MANIFEST_VERSION, manifestPathFor, manifestText, type ExportManifest } from './manifest'
import { withReadSnapshot } from './read-snapshot'
import { schemaId } from './report-definition'
import { REPORTS } from './reports'
import { CSV_FORMAT, exportCancelled, writeCsv } from './write-csv'

export interface ExportRequest {
  readonly report: ExportReport
  readonly networkId: NetworkId
  /** Calendar days (YYYY-MM-DD) in `timeZone`, both included. */
  readonly from: string
  readonly to: string
  readonly timeZone: string
  /** The ledger's filters (payments only); applied to the whole matching set. */
  readonly filter?: PaymentFilter
  /** Needed by the fees report. */
  readonly appWallet?: string | null
  /** Where the CSV goes; the manifest goes next to it as `<file>.manifest.json`. */
  readonly destination: string
  /**
   * The person agreed to replace an existing plain file there (--force, or the save dialog's
   * overwrite question). The database and the app's own files are refused whatever this says.
   */
  readonly replaceExisting?: boolean
}

export interface ExportProgress {
  readonly phase: 'counting' | 'writing'
  readonly done: number
  readonly total: number | null
}

export interface ExportOptions {
  readonly appVersion: string
  readonly now?: () => Date
  readonly onProgress?: (progress: ExportProgress) => void
  readonly signal?: AbortSignal
}

export interface ExportResult {
  readonly csvPath: string
  readonly manifestPath: string
  readonly manifest: ExportManifest
  /** The control totals as stroops, by column. */
  readonly totals: ReadonlyMap<string, Stroops>
}

export async function runExport(store: MerchantDb, request: ExportRequest, options: ExportOptions): Promise<ExportResult> {
  const definition = REPORTS[request.report]
  if (definition === undefined) throw new UserFacingError('invalid_export', `There is no "${request.report}" export.`)
  const period = exportPeriod(request.from, request.to, request.timeZone)
  const filter = request.filter && Object.keys(request.filter).length > 0 ? request.filter : null
  if (filter !== null && !definition.acceptsLedgerFilter) {
    throw new UserFacingError('invalid_export_filter', `The ${definition.title.toLowerCase()} export takes a period only, not the ledger's filters.`)
  }
  const csvPath = request.destination
  const manifestPath = manifestPathFor(csvPath)
  await checkExportDestination({ databasePath: store.path, csvPath, manifestPath, replaceExisting: request.replaceExisting === true })
  if (options.signal?.aborted) throw exportCancelled()

  const partial = (path: string) => join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`)
  const tempCsv = partial(csvPath)
  const tempManifest = partial(manifestPath)
  try {
    // Every query of the export reads one snapshot: the count, the metadata pass and the rows agree.
    const { written, prepared } = await withReadSnapshot(store, async (snapshot) => {
      options.onProgress?.({ phase: 'counting', done: 0, total: null })
      const prepared = await definition.open({
        db: snapshot.db,
        networkId: request.networkId,
        period,
        explorerTxUrl: NETWORKS[request.networkId].explorerTxUrl,
        appWallet: request.appWallet ?? null,
        filter
      })
      const written = await writeCsv({
        tempPath: tempCsv,
        schemaId: schemaId(definition),
        columns: prepared.columns,
        rows: prepared.rows(),
        rowCount: prepared.rowCount,
        totals: definition.totals,
        formatter: instantFormatter(period.timeZone),
        ...(options.onProgress ? { onProgress: (done, total) => options.onProgress?.({ phase: 'writing', done, total }) } : {}),
        ...(options.signal ? { signal: options.signal } : {})
      })
      return { written, prepared }
    })
    const schema = schemaId(definition)
    const manifest: ExportManifest = {
      manifestVersion: MANIFEST_VERSION,
      report: definition.name,
      schema: { id: schema, version: definition.version },
      network: request.networkId,
      period: {
        from: period.from,
        to: period.to,
        timeZone: period.timeZone,
        startUtc: new Date(period.startMs).toISOString(),
        endUtc: new Date(period.endMs).toISOString()
      },
      filters: filter === null ? null : describeFilter(filter),
      file: { name: basename(csvPath), bytes: written.bytes, sha256: written.sha256, ...CSV_FORMAT },
      columns: ['schema_version', ...prepared.columns.map((column) => column.name)],
      rowCount: written.rows,
      controlTotals: Object.fromEntries([...written.totals].map(([column, total]) => [column, formatExportAmount(total)])),
      ...(prepared.books ? { bookTotals: bookTotalsView(prepared.books()) } : {}),
      createdAt: (options.now?.() ?? new Date()).toISOString(),
      appVersion: options.appVersion
    }
    await writeFile(tempManifest, manifestText(manifest), { flag: 'wx' })
    if (options.signal?.aborted) throw exportCancelled()
    // A manifest under its final name always describes the file next to it: an earlier export's
    // manifest goes before the new file takes the name, the new manifest comes after it.
    await rm(manifestPath, { force: true })
    await rename(tempCsv, csvPath)
    await rename(tempManifest, manifestPath)
    return { csvPath, manifestPath, manifest, totals: written.totals }
  } catch (error) {
    await Promise.all([rm(tempCsv, { force: true }), rm(tempManifest, { force: true })])
    throw explainWriteError(error, csvPath)
  }
}

function explainWriteError(error: unknown, csvPath: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code
  const where = dirname(csvPath)
  if (code === 'ENOSPC') return new UserFacingError('export_write_failed', `The disk holding ${where} is full. No file was saved.`)
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new UserFacingError('export_write_failed', `Merchant Desk may not write in ${where}. Choose another place to save.`)
  }
  return error
}
