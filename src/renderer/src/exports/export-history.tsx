// Every export written from this desk, newest first, from the database (issue #14, item 8): what
// was handed to an accountant stays listed after the page is left or the app restarts, with its
// file, rows, totals, who asked and when, and a check that the file on disk is still that file.
import { useState } from 'react'
import type { ExportHistoryEntryView, ExportVerifyView } from '../../../shared/contract'
import { useChannelAction, useChannelQuery } from '../api'
import { Button, Card, EmptyState, ErrorBanner, Icon, Table, formatAmount, formatCount, formatInstant, type Column } from '../ui'
import { REPORT_CHOICES } from './report-choices'

export function ExportHistory({ zone, refreshKey }: { readonly zone: string; readonly refreshKey: string | null }) {
  const history = useChannelQuery('exports:history')
  const [seenKey, setSeenKey] = useState(refreshKey)
  if (seenKey !== refreshKey) {
    setSeenKey(refreshKey)
    history.reload()
  }
  const verify = useChannelAction('exports:verify')
  const [verdicts, setVerdicts] = useState<Readonly<Record<string, ExportVerifyView>>>({})

  async function check(entry: ExportHistoryEntryView) {
    const envelope = await verify.run({ exportId: entry.exportId })
    if (envelope.ok) setVerdicts((known) => ({ ...known, [entry.exportId]: envelope.value }))
  }

  if (history.error) return <ErrorBanner error={history.error} title="The export history could not be read" onRetry={history.reload} />
  const entries = history.data?.entries ?? null
  if (entries === null) return null
  if (entries.length === 0) {
    return (
      <EmptyState
        icon={<Icon name="exports" />}
        title="No exports yet"
        hint="Choose a report and a period above; Merchant Desk asks where to save the file and its manifest."
      >
        Every file you export is listed here with its rows and control totals, and stays listed. Amounts are exact to the last
        stroop.
      </EmptyState>
    )
  }

  const columns: readonly Column<ExportHistoryEntryView>[] = [
    { key: 'when', header: 'Exported', cell: (entry) => <span className="numeric">{formatInstant(entry.createdAt, zone)}</span> },
    {
      key: 'file',
      header: 'File',
      cell: (entry) => (
        <span className="break-all" title={`${entry.folder}/${entry.fileName}`} data-history-file="">
          {entry.fileName}
          <span className="muted"> · {REPORT_CHOICES[entry.report].label}</span>
        </span>
      )
    },
    { key: 'period', header: 'Days', cell: (entry) => <span className="numeric">{entry.from === entry.to ? entry.from : `${entry.from} – ${entry.to}`}</span> },
    { key: 'rows', header: 'Rows', align: 'end', cell: (entry) => <span className="numeric" data-history-rows="">{formatCount(entry.rows)}</span> },
    {
      key: 'net',
      header: 'Net (π)',
      align: 'end',
      cell: (entry) => {
        const net = entry.totals.find((total) => total.column === 'net') ?? entry.totals.find((total) => total.column === 'fee')
        return net ? <span className="numeric" title={`${net.column}: ${net.total} Pi`}>{formatAmount(net.total)}</span> : <span className="muted">—</span>
      }
    },
    { key: 'who', header: 'By', cell: (entry) => entry.requestedBy },
    {
      key: 'check',
      header: 'File on disk',
      cell: (entry) => {
        const verdict = verdicts[entry.exportId]
        if (verdict) {
          return verdict.ok ? (
            <span data-history-verdict="ok">Intact</span>
          ) : (
            <span className="field__error" data-history-verdict="problem" title={verdict.problems.join(' ')}>
              {verdict.problems[0]}
            </span>
          )
        }
        return (
          <Button size="small" variant="ghost" disabled={verify.pending} onClick={() => void check(entry)}>
            Verify
          </Button>
        )
      }
    }
  ]
  return (
    <Card title="Export history" description="Every file exported from this desk, newest first, kept in the database.">
      <div data-export-history="">
        <Table rows={entries} columns={columns} rowKey={(entry) => entry.exportId} caption="Export history" />
      </div>
    </Card>
  )
}
