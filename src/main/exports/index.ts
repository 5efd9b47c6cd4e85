// CSV exports an accountant can trust: versioned column layouts, formula-safe text, exact
// amounts, a manifest with control totals and SHA-256, and a verifier for it. See the README's
// "CSV exports" section for every column.
export { runExport, type ExportRequest, type ExportOptions, type ExportProgress, type ExportResult } from './run-export'
export { verifyExport, type ExportVerification } from './verify-export'
export { exportsHandlers } from './handlers'
export { ExportRuns, type ExportRunsOptions } from './export-runs'
export { saveIntoFolder, suggestedExportName, type ChooseSaveLocation } from './save-location'
export { exportPeriod, checkTimeZone, dayRefusal, type ExportPeriod } from './export-period'
export { neutralizeCell, couldRunAsFormula, NEUTRALIZING_PREFIX } from './neutralize-cell'
export { formatExportAmount, parseExportAmount } from './export-amounts'
export { manifestPathFor, manifestSchema, MANIFEST_SUFFIX, type ExportManifest } from './manifest'
export { REPORTS } from './reports'
export { schemaId, type ReportDefinition, type ColumnSpec } from './report-definition'
export { MAX_METADATA_COLUMNS, METADATA_OTHER_COLUMN } from './metadata-columns'
export { listExports, findExport, recordExport, recordWrittenExport, EXPORT_HISTORY_SHOWN, type ExportRecord } from './export-history'
