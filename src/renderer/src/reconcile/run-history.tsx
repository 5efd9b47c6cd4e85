// Earlier reconciliations of this network, newest first: each one's period, when it ran, and how
// many items are still open. Picking one shows its saved report.
import type { ReconcileRunView } from '../../../shared/contract'
import { Badge, Button, formatCount, formatInstant } from '../ui'

export interface RunHistoryProps {
  readonly runs: readonly ReconcileRunView[]
  readonly selected: number | null
  readonly zone: string
  readonly onSelect: (runId: number) => void
}

export function RunHistory({ runs, selected, zone, onSelect }: RunHistoryProps) {
  return (
    <div className="table-wrap">
      <table className="table" data-run-history="">
        <caption className="visually-hidden">Earlier reconciliations</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Period</th>
            <th scope="col">Ran</th>
            <th scope="col" className="table__cell--end">
              Found
            </th>
            <th scope="col" className="table__cell--end">
              Open
            </th>
            <th scope="col">
              <span className="visually-hidden">Show</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-run={run.id}>
              <td className="numeric">#{run.id}</td>
              <td>
                {run.from} to {run.to} <span className="muted">({run.timeZone})</span>
              </td>
              <td className="numeric">
                {formatInstant(run.finishedAt, zone)} <span className="muted">by {run.requestedBy}</span>
              </td>
              <td className="table__cell--end numeric">{formatCount(run.itemCount)}</td>
              <td className="table__cell--end numeric">
                {run.unresolvedCount === 0 ? <Badge tone="success">none</Badge> : formatCount(run.unresolvedCount)}
              </td>
              <td>
                {selected === run.id ? (
                  <span className="muted">Shown</span>
                ) : (
                  <Button size="small" variant="ghost" onClick={() => onSelect(run.id)}>
                    Show
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
