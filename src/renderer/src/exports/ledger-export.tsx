// "Export these payments" from the Ledger: exactly the ledger's filter and its period, never a
// default month (issue #14, item 5). No days are asked: main covers the ledger's own dates (the
// filter's, or all of them) and says how many rows that is before the file is written.
import type { ExportRunInput, LedgerFilter } from '../../../shared/contract'
import { Button, Card } from '../ui'
import { describeLedgerFilter, isEmptyLedgerFilter } from './describe-filter'
import { ExportCount } from './export-count'

export interface LedgerExportProps {
  readonly filter: LedgerFilter
  readonly zone: string
  readonly running: boolean
  readonly onRun: (input: ExportRunInput) => void
  /** Leave the ledger's payments for the ordinary form (any report, chosen days). */
  readonly onDrop: () => void
}

export function LedgerExport({ filter, zone, running, onRun, onDrop }: LedgerExportProps) {
  const input: ExportRunInput = { report: 'payments', filter, timeZone: zone }
  const dated = Boolean(filter.from || filter.to)
  return (
    <Card title="Export the ledger's payments" description="The payments the Ledger shows for its filters: every page of them, not only the rows on screen.">
      <div className="stack" data-ledger-export="">
        <p data-export-ledger-filter="">
          {isEmptyLedgerFilter(filter) ? 'Every payment in the ledger' : `Payments ${describeLedgerFilter(filter, zone)}`}
          {dated ? '' : ', all dates'}. Times in {zone}.{' '}
          <button type="button" className="link-button" onClick={onDrop}>
            Choose a report and days instead
          </button>
        </p>
        <ExportCount input={input} />
        <div className="form-row">
          <Button variant="primary" disabled={running} onClick={() => onRun(input)} data-export-ledger-run="">
            {running ? 'Exporting…' : 'Export…'}
          </Button>
          <p className="muted">You choose where to save the file next; a manifest with its control totals is saved beside it.</p>
        </div>
      </div>
    </Card>
  )
}
