// The export history (migration 0004): one row per file an export wrote, with its manifest, who
// asked and when. Written once after the file and its manifest have their final names; read by the
// Exports page and by exports:verify, which finds a file again by the id exports:run answered with.
// Both front doors (the app's exports:run and the CLI's `export`) record through recordWrittenExport,
// so a file written from the command line is in the history too.
import { randomBytes } from 'node:crypto'
import { basename, dirname } from 'node:path'
import type { NetworkId } from '../../shared/network'
import type { MerchantDb } from '../db'
import { manifestSchema, type ExportManifest } from './manifest'

export interface ExportRecord {
  readonly exportId: string
  readonly networkId: NetworkId
  readonly folder: string
  readonly fileName: string
  readonly manifest: ExportManifest
  readonly requestedBy: string
  readonly createdAt: Date
}

/** The newest this many are listed; older ones stay in the database. */
export const EXPORT_HISTORY_SHOWN = 50

/** Records a file runExport wrote, under a new export id, and answers with the record kept. */
export async function recordWrittenExport(
  store: MerchantDb,
  written: { readonly networkId: NetworkId; readonly csvPath: string; readonly manifest: ExportManifest; readonly requestedBy: string }
): Promise<ExportRecord> {
  const record: ExportRecord = {
    exportId: randomBytes(12).toString('base64url'),
    networkId: written.networkId,
    folder: dirname(written.csvPath),
    fileName: basename(written.csvPath),
    manifest: written.manifest,
    requestedBy: written.requestedBy,
    createdAt: new Date(written.manifest.createdAt)
  }
  await recordExport(store, record)
  return record
}

export async function recordExport(store: MerchantDb, record: ExportRecord): Promise<void> {
  const { manifest } = record
  await store.db
    .insertInto('export_history')
    .values({
      export_id: record.exportId,
      network_id: record.networkId,
      report: manifest.report,
      schema_id: manifest.schema.id,
      folder: record.folder,
      file_name: record.fileName,
      period_from: manifest.period.from,
      period_to: manifest.period.to,
      time_zone: manifest.period.timeZone,
      row_count: manifest.rowCount,
      sha256: manifest.file.sha256,
      manifest_json: JSON.stringify(manifest),
      requested_by: record.requestedBy,
      created_at: record.createdAt.getTime()
    })
    .execute()
}

/** The network's latest exports, newest first (through export_history_by_network). */
export async function listExports(store: MerchantDb, networkId: NetworkId, limit = EXPORT_HISTORY_SHOWN): Promise<ExportRecord[]> {
  const rows = await store.db
    .selectFrom('export_history')
    .select(['export_id', 'network_id', 'folder', 'file_name', 'manifest_json', 'requested_by', 'created_at'])
    .where('network_id', '=', networkId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map(toRecord)
}

export async function findExport(store: MerchantDb, exportId: string): Promise<ExportRecord | null> {
  const row = await store.db
    .selectFrom('export_history')
    .select(['export_id', 'network_id', 'folder', 'file_name', 'manifest_json', 'requested_by', 'created_at'])
    .where('export_id', '=', exportId)
    .executeTakeFirst()
  return row === undefined ? null : toRecord(row)
}

function toRecord(row: {
  export_id: string
  network_id: NetworkId
  folder: string
  file_name: string
  manifest_json: string
  requested_by: string
  created_at: bigint
}): ExportRecord {
  return {
    exportId: row.export_id,
    networkId: row.network_id,
    folder: row.folder,
    fileName: row.file_name,
    // Written by this code from a checked manifest; parsed again so a newer build's extra field is dropped, not trusted.
    manifest: manifestSchema.parse(JSON.parse(row.manifest_json)),
    requestedBy: row.requested_by,
    createdAt: new Date(Number(row.created_at))
  }
}
