// The reports the Exports page offers, in the contract's order, with what each file holds in the
// merchant's words. The columns themselves are documented in the README ("CSV exports").
import type { ExportReport } from '../../../shared/contract'

export interface ReportChoice {
  readonly label: string
  readonly hint: string
}

export const REPORT_CHOICES: Readonly<Record<ExportReport, ReportChoice>> = {
  payments: {
    label: 'Payments',
    hint: 'One row per payment created in the period, in both directions and every status, with its amount, fee and net.'
  },
  refunds: {
    label: 'Refunds and payouts',
    hint: 'Everything the app wallet paid to users, with who asked for it and why when Merchant Desk paid it.'
  },
  fees: {
    label: 'Network fees',
    hint: "Every fee the app wallet paid the Pi network for its own transactions."
  },
  audit: {
    label: 'Audit log',
    hint: 'Every staff action recorded in the period, with the hashes that chain the log.'
  },
  reconciliation: {
    label: 'Reconciliation',
    hint: 'The latest reconciliation of each period inside these days: its wallet check and every discrepancy, with the evidence and how it was resolved.'
  },
  invoices: {
    label: 'Invoices',
    hint: 'Every invoice made in the period: asked and received, status, the fiat price with its locked rate, order, memo and transactions.'
  }
}
