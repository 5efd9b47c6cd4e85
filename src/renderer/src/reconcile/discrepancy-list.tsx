// The discrepancies of a run, type by type: what each is about, the amount concerned, what to do,
// and whether it was resolved. A row opens its evidence.
import type { ReconcileGroupView, ReconcileItemView } from '../../../shared/contract'
import { paymentHref } from '../app/route-links'
import { Badge, Button, LongId, decimalsFor, formatAmount, formatCount } from '../ui'
import { SUBJECT_LABELS, TYPE_TONES } from './reconcile-words'

export interface DiscrepancyListProps {
  readonly groups: readonly ReconcileGroupView[]
  readonly onOpen: (item: ReconcileItemView) => void
}

export function DiscrepancyList({ groups, onOpen }: DiscrepancyListProps) {
  const decimals = decimalsFor(groups.flatMap((group) => group.items.map((item) => item.amount)))
  return (
    <div className="stack" data-discrepancy-list="">
      {groups.map((group) => (
        <section key={group.type} className="stack" data-group={group.type} aria-labelledby={`group-${group.type}`}>
          <h2 id={`group-${group.type}`}>
            <Badge tone={TYPE_TONES[group.type]}>{group.label}</Badge>{' '}
            <span className="muted">
              {formatCount(group.count)} found, {formatCount(group.unresolved)} open
            </span>
          </h2>
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{group.label}</caption>
              <thead>
                <tr>
                  <th scope="col">About</th>
                  <th scope="col" className="table__cell--end">
                    Amount (π)
                  </th>
                  <th scope="col">What to do</th>
                  <th scope="col">
                    <span className="visually-hidden">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {group.items.map((item) => (
                  <tr key={item.id} data-item={item.id} data-subject={item.subject} data-resolved={item.resolved ? 'yes' : 'no'}>
                    <td>
                      <div>{SUBJECT_LABELS[item.subjectKind]}</div>
                      <LongId value={item.subject} what="id" head={6} tail={4} href={item.paymentId ? paymentHref(item.paymentId) : undefined} />
                    </td>
                    <td className="table__cell--end numeric">{item.amount === null ? '—' : formatAmount(item.amount, decimals)}</td>
                    <td>
                      <p data-sentence="">{item.sentence}</p>
                      {item.resolved ? (
                        <p className="muted" data-resolution="">
                          <Badge tone="success">Resolved</Badge> by {item.resolved.by}: {item.resolved.note}
                        </p>
                      ) : null}
                    </td>
                    <td>
                      <Button size="small" onClick={() => onOpen(item)} data-open-item={item.id}>
                        Evidence
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {group.more > 0 ? (
            <p className="muted">
              {formatCount(group.more)} more of this type: the reconciliation export lists every one.
            </p>
          ) : null}
        </section>
      ))}
    </div>
  )
}
