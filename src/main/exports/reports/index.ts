// Every report an export can write, by the contract's name. A new report (reconciliation) is one
// more definition file and one more entry here, plus its name in EXPORT_REPORTS
// (src/shared/contract/exports.ts): the writer, the manifest, the verifier, the CLI and the
// Exports page all work from this table.
import type { ExportReport } from '../../../shared/contract/exports'
import type { ReportDefinition } from '../report-definition'
import { auditReport } from './audit-report'
import { feesReport } from './fees-report'
import { invoicesReport } from './invoices-report'
import { paymentsReport } from './payments-report'
import { reconciliationReport } from './reconciliation-report'
import { refundsReport } from './refunds-report'

export const REPORTS: Readonly<Record<ExportReport, ReportDefinition>> = {
  payments: paymentsReport,
  refunds: refundsReport,
  fees: feesReport,
  audit: auditReport,
  reconciliation: reconciliationReport,
  invoices: invoicesReport
}
