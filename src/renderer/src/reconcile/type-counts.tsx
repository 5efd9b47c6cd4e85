// How many discrepancies of each type a run found (and how many are still open); picking a type
// narrows the list below to it.
import { DISCREPANCY_LABELS, DISCREPANCY_TYPES, type DiscrepancyType, type ReconcileRunView } from '../../../shared/contract'
import { Badge, formatCount } from '../ui'
import { TYPE_TONES } from './reconcile-words'

export interface TypeCountsProps {
  readonly run: ReconcileRunView
  readonly open: Readonly<Partial<Record<DiscrepancyType, number>>>
  readonly selected: DiscrepancyType | null
  readonly onSelect: (type: DiscrepancyType | null) => void
}

export function TypeCounts({ run, open, selected, onSelect }: TypeCountsProps) {
  const found = DISCREPANCY_TYPES.filter((type) => run.counts[type] > 0)
  return (
    <div className="table-wrap">
      <table className="table" data-type-counts="">
        <caption className="visually-hidden">Discrepancies by type</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col" className="table__cell--end">
              Found
            </th>
            <th scope="col" className="table__cell--end">
              Still open
            </th>
          </tr>
        </thead>
        <tbody>
          {found.map((type) => (
            <tr key={type} data-type-count={type}>
              <td>
                <button
                  type="button"
                  className="link-button"
                  aria-pressed={selected === type}
                  onClick={() => onSelect(selected === type ? null : type)}
                >
                  <Badge tone={TYPE_TONES[type]}>{DISCREPANCY_LABELS[type]}</Badge>
                </button>
              </td>
              <td className="table__cell--end numeric" data-count="">
                {formatCount(run.counts[type])}
              </td>
              <td className="table__cell--end numeric" data-open="">
                {formatCount(open[type] ?? 0)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
