// The ledger over the contract: contract filters (text amounts, ISO times) in, domain queries
// (stroops, Dates) to the ledger, JSON views out. Its totals are the dashboard's (dashboard/handlers.ts).
import type { AppSettings, Handlers } from '../../shared/contract'
import { formatPi } from '../../shared/money'
import { UserFacingError } from '../../shared/errors'
import type { MerchantDb } from '../db'
import type { NetworkConnection } from '../network'
import { paymentFilterFromContract } from './contract-filter'
import { listLedgerRefunds } from './ledger-refunds'
import { listPayments } from './list-payments'
import { getPaymentDetail } from './payment-detail'
import { paymentDetailView, paymentRowView } from './payment-views'

export interface LedgerHandlerDeps {
  readonly store: MerchantDb
  readonly settings: { current(): AppSettings }
  /** The network in use (its explorer links, its id); needs no key. */
  readonly network: () => Promise<Pick<NetworkConnection, 'networkId' | 'explorerTxUrl'>>
}

export function ledgerHandlers(deps: LedgerHandlerDeps): Pick<Handlers, 'ledger:list' | 'ledger:refunds' | 'ledger:detail'> {
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
      const network = await deps.network()
      const detail = await getPaymentDetail(deps.store, { networkId: network.networkId, identifier })
      if (!detail) {
        throw new UserFacingError('payment_not_in_ledger', `Payment ${identifier} is not in the ledger. Sync, or track its id.`)
      }
      return paymentDetailView(detail, network.explorerTxUrl)
    }
  }
}
