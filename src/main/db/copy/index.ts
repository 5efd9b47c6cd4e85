// `db copy`: a desk's ledger copied into another (a team's PostgreSQL database) and proved.
export {
  copyLedger,
  type AuditChainCheck,
  type CopyLedgerOptions,
  type CopyProgress,
  type CopyReport,
  type FigureComparison,
  type TableComparison
} from './copy-ledger'
export type { LedgerTable, TableTreatment } from './tables'
export { copyOntoItself } from './copy-errors'
