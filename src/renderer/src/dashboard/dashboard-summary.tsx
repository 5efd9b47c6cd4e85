// The dashboard for one period: exact totals first, then the charts. It follows the ledger while
// a sync runs, so the numbers grow on screen instead of going stale.
import { useChannelQuery } from '../api'
import { BookCards } from '../ledger/book-totals'
import { useReloadOnLedgerChange } from '../ledger/use-reload-on-ledger-change'
import { Banner, ErrorBanner } from '../ui'
import { dailySeries, isQuietPeriod, periodTotals, statusSlices } from './chart-data'
import { CountChart } from './count-chart'
import type { DayRange } from './period'
import { QueueChart } from './queue-chart'
import { StatusChart } from './status-chart'
import { VolumeChart } from './volume-chart'

export function DashboardSummary({ range, zone }: { readonly range: DayRange; readonly zone: string }) {
  const summary = useChannelQuery('dashboard:summary', range)
  useReloadOnLedgerChange(summary.reload, 1500)
  const view = summary.data
  const totals = view ? periodTotals(view) : null
  const points = view ? dailySeries(view, range) : []

  return (
    <div className="dashboard" data-dashboard="" aria-busy={summary.loading}>
      <p className="dashboard__period" data-dashboard-period="">
        {describeRange(range)} <span className="muted">· days in {zone}</span>
      </p>
      {summary.error ? (
        <ErrorBanner error={summary.error} title="The dashboard could not be computed" onRetry={summary.reload} />
      ) : null}
      {view === null ? (
        summary.error ? null : <p className="muted">Adding up your payments…</p>
      ) : (
        <>
          <BookCards books={view.books} fees={view.fees} />
          {isQuietPeriod(view) ? (
            <Banner tone="info" title="No payments in this period">
              Pick a longer period to see more of your ledger.
            </Banner>
          ) : null}
          <VolumeChart points={points} totals={totals} />
          <div className="dashboard__pair">
            <CountChart points={points} totals={totals} />
            <QueueChart queue={view.queue} />
          </div>
          <StatusChart slices={statusSlices(view)} />
        </>
      )}
    </div>
  )
}

/** The period as every date of the app reads: YYYY-MM-DD (the zone is named beside it). */
function describeRange({ from, to }: DayRange): string {
  return from === to ? from : `${from} – ${to}`
}
