// What was saved: the file's name and folder, its rows, the control totals an accountant ties the
// file to, its SHA-256, and a button to check that the file on disk is still exactly that.
import { useState } from 'react'
import type { ExportSavedView, ExportVerifyView } from '../../../shared/contract'
import { useChannelAction } from '../api'
import { Banner, Button, Card, ErrorBanner, formatAmount, formatCount } from '../ui'
import { REPORT_CHOICES } from './report-choices'

export function ExportResult({ saved }: { readonly saved: ExportSavedView }) {
  const verify = useChannelAction('exports:verify')
  const [verdict, setVerdict] = useState<ExportVerifyView | null>(null)

  async function check() {
    setVerdict(null)
    const envelope = await verify.run({ exportId: saved.exportId })
    if (envelope.ok) setVerdict(envelope.value)
  }

  return (
    <Card
      title="Saved"
      description={`${REPORT_CHOICES[saved.report].label}, ${saved.from} to ${saved.to} (${saved.timeZone}).`}
      actions={
        <Button size="small" onClick={() => void check()} disabled={verify.pending} data-export-verify="">
          {verify.pending ? 'Checking…' : 'Verify file'}
        </Button>
      }
    >
      <div className="stack" data-export-result="">
        <dl className="facts">
          <dt>File</dt>
          <dd data-export-file="">{saved.fileName}</dd>
          <dt>Folder</dt>
          <dd className="muted">{saved.folder}</dd>
          <dt>Rows</dt>
          <dd className="numeric" data-export-rows="">
            {formatCount(saved.rows)}
          </dd>
          <dt>Layout</dt>
          <dd>{saved.schema}</dd>
          <dt>Manifest</dt>
          <dd>{saved.manifestFileName}</dd>
          <dt>SHA-256</dt>
          <dd className="numeric" data-export-sha="">
            <code>{saved.sha256}</code>
          </dd>
        </dl>
        {saved.totals.length > 0 ? (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Control totals</caption>
              <thead>
                <tr>
                  <th scope="col">Control total</th>
                  <th scope="col" className="table__cell--end">
                    Pi
                  </th>
                </tr>
              </thead>
              <tbody>
                {saved.totals.map((total) => (
                  <tr key={total.column} data-export-total={total.column}>
                    <td>{total.column}</td>
                    <td className="table__cell--end" data-export-total-amount="" title={total.total}>
                      {formatAmount(total.total)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">This report has no amounts, so no control totals.</p>
        )}
        {verdict ? (
          verdict.ok ? (
            <Banner tone="success" title="The file is intact">
              <span data-export-verdict="ok">
                {verdict.fileName}: {formatCount(verdict.rows ?? 0)} rows, the same bytes and the same totals as when it was saved.
              </span>
            </Banner>
          ) : (
            <Banner tone="error" title="The file was changed since it was saved">
              <span data-export-verdict="changed">{verdict.problems.join(' ')}</span>
            </Banner>
          )
        ) : null}
        {verify.error ? <ErrorBanner error={verify.error} title="The file could not be checked" /> : null}
      </div>
    </Card>
  )
}
