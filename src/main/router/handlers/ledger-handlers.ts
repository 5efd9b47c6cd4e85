// The ledger and the dashboard over the contract: contract filters (text amounts, ISO times) in,
// domain queries (stroops, Dates) to the services, JSON views out.
import type { DashboardView } from '../../../shared/contract'
import { formatPi } from '../../../shared/money'
import { UserFacingError } from '../../../shared/errors'
import type { Workspace } from '../../app/workspace'
import { booksOfFilter, dashboardSummary, type DashboardSummary } from '../../dashboard'
import type { MerchantDb } from '../../db'
import { getPaymentDetail, listLedgerRefunds, listPayments, paymentFilterFromContract } from '../../ledger'
import { bookTotalsView } from '../../views/book-views'
import type { SettingsService } from '../../settings/settings-service'
import { paymentDetailView, paymentRowView } from '../../views/payment-views'
import type { Handlers } from '../router'

export interface LedgerHandlerDeps {
  readonly store: MerchantDb
  readonly settings: SettingsService
  readonly workspace: () => Promise<Workspace>
}

export function ledgerHandlers(deps: LedgerHandlerDeps): Pick<Handlers, 'ledger:list' | 'ledger:totals' | 'ledger:refunds' | 'ledger:detail' | 'dashboard:summary'> {
  return {
    'ledger:list': async ({ filter, sort, cursor, limit }) => {
      const page = await listPayments(deps.store, {
        networkId: deps.settings.current().network,
        filter: paymentFilterFromContract(filter),
        sort: { column: sort.column, order: sort.direction },
        cursor: cursor ?? null,
        limit
      })
      return { rows: page.rows.map(paymentRowView), nextCursor: page.nextCursor }
    },
    'ledger:totals': async ({ filter }) =>
      bookTotalsView(await booksOfFilter(deps.store, deps.settings.current().network, paymentFilterFromContract(filter))),
    'ledger:refunds': async () => {
      const { refunds, total } = await listLedgerRefunds(deps.store, deps.settings.current().network)
      return {
        total,
        refunds: refunds.map(({ row, payoutId, book }) => ({
          identifier: row.identifier,
          createdAt: row.createdAt.toISOString(),
          status: row.status,
          amount: formatPi(row.amount),
          userUid: row.userUid,
          memo: row.memo,
          refundOf: row.refundOf,
          txid: row.txid,
          book,
          payoutId
        }))
      }
    },
    'ledger:detail': async ({ identifier }) => {
      const { connection } = await deps.workspace()
      const detail = await getPaymentDetail(deps.store, { networkId: connection.networkId, identifier })
      if (!detail) {
        throw new UserFacingError('payment_not_in_ledger', `Payment ${identifier} is not in the ledger. Sync, or track its id.`)
      }
      return paymentDetailView(detail, connection.explorerTxUrl)
    },
    'dashboard:summary': async ({ from, to }) => {
      const { connection } = await deps.workspace()
      const { businessTimeZone } = deps.settings.current()
      return dashboardView(
        await dashboardSummary(deps.store, {
          from,
          to,
          timeZone: businessTimeZone,
          networkId: connection.networkId,
          appWallet: connection.appWallet
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
