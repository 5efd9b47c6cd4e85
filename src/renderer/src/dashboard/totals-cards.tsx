// The period's totals, exact to the stroop: received and paid out are summed from the daily
// strings as bigint stroops; refunds and fees are main's own totals, shown as sent.
import type { DashboardView } from '../../../shared/contract'
import { formatAmount, formatCount } from '../ui'
import type { PeriodTotals } from './chart-data'

interface Stat {
  readonly key: string
  readonly label: string
  readonly amount: string | null
  readonly note: string
}

export function TotalsCards({ totals, view }: { readonly totals: PeriodTotals | null; readonly view: DashboardView }) {
  const stats: Stat[] = [
    {
      key: 'received',
      label: 'Received',
      amount: totals?.received ?? null,
      note: totals ? plural(totals.receivedCount, 'payment from buyers', 'payments from buyers') : ''
    },
    {
      key: 'paid',
      label: 'Paid out',
      amount: totals?.paid ?? null,
      note: totals ? plural(totals.paidCount, 'payment by your app', 'payments by your app') : ''
    },
    {
      key: 'refunds',
      label: 'Refunds',
      amount: view.refunds.total,
      note: plural(view.refunds.count, 'refund sent', 'refunds sent')
    },
    {
      key: 'fees',
      label: 'Fees paid',
      amount: view.fees.total,
      note: plural(view.fees.count, 'wallet transaction', 'wallet transactions')
    }
  ]
  return (
    <ul className="stat-cards" aria-label="Totals for the period">
      {stats.map((stat) => (
        <li key={stat.key} className={`stat-card stat-card--${stat.key}`} data-total={stat.key}>
          <p className="stat-card__label">{stat.label}</p>
          <p className="stat-card__value numeric" title={stat.amount ? `${stat.amount} Pi` : undefined}>
            {stat.amount === null ? (
              <span className="muted">Unavailable</span>
            ) : (
              <>
                <span data-total-amount="">{formatAmount(stat.amount)}</span>
                <span className="stat-card__unit"> π</span>
              </>
            )}
          </p>
          <p className="stat-card__note">{stat.note}</p>
        </li>
      ))}
    </ul>
  )
}

function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`
}
