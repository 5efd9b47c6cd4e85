// The dashboard and the ledger's book totals over the contract: domain sums (stroops) in, JSON
// views (7-decimal text) out.
import type { AppSettings, DashboardView, Handlers } from '../../shared/contract'
import { formatPi } from '../../shared/money'
import type { MerchantDb } from '../db'
import { bookTotalsView, paymentFilterFromContract } from '../ledger'
import type { NetworkConnection } from '../network'
import { booksOfFilter, dashboardSummary, type DashboardSummary } from './dashboard-summary'

export interface DashboardHandlerDeps {
  readonly store: MerchantDb
  readonly settings: { current(): AppSettings }
  /** The network in use (its id, its app wallet); needs no key. */
  readonly network: () => Promise<Pick<NetworkConnection, 'networkId' | 'appWallet'>>
}

export function dashboardHandlers(deps: DashboardHandlerDeps): Pick<Handlers, 'ledger:totals' | 'dashboard:summary'> {
  return {
    'ledger:totals': async ({ filter }) =>
      bookTotalsView(await booksOfFilter(deps.store, deps.settings.current().network, paymentFilterFromContract(filter))),
    'dashboard:summary': async ({ from, to }) => {
      const network = await deps.network()
      const { businessTimeZone } = deps.settings.current()
      return dashboardView(
        await dashboardSummary(deps.store, {
          from,
          to,
          timeZone: businessTimeZone,
          networkId: network.networkId,
          appWallet: network.appWallet
        })
      )
    }
  }
}

function dashboardView(summary: DashboardSummary): DashboardView {
  return {
    timeZone: summary.timeZone,
    days: summary.days.map((day) => ({
      day: day.day,
      receivedCount: day.received.count,
      received: formatPi(day.received.amount),
      paidCount: day.paid.count,
      paid: formatPi(day.paid.amount)
    })),
    books: bookTotalsView(summary.books),
    statuses: summary.statuses.map((s) => ({
      status: s.status,
      count: s.count,
      amount: formatPi(s.amount),
      received: formatPi(s.userToApp.amount),
      paidOut: formatPi(s.appToUser.amount)
    })),
    refunds: { count: summary.refunds.completed.count, total: formatPi(summary.refunds.completed.amount) },
    fees: { count: summary.fees?.count ?? 0, total: formatPi(summary.fees?.amount ?? 0n) },
    queue: {
      count: summary.queue.count,
      oldestAgeMs: summary.queue.oldestAgeMs,
      buckets: summary.queue.ages.map((age) => ({ label: age.label, count: age.count }))
    }
  }
}
