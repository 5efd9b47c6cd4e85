// The approval inbox's rows: each request with the sale it would refund (amount, memo, date), read
// from the ledger in one query, so whoever decides sees what they are giving money back for.
import type { MerchantDb } from '../db'
import type { ApprovalRequest } from '../people'
import type { ApprovalRequestView } from '../../shared/contract/people'
import { formatPi } from '../../shared/money'

export async function toRequestViews(store: Pick<MerchantDb, 'db'>, requests: readonly ApprovalRequest[]): Promise<ApprovalRequestView[]> {
  const saleIds = [...new Set(requests.flatMap((request) => (request.refundOf === null ? [] : [request.refundOf])))]
  const sales =
    saleIds.length === 0
      ? []
      : await store.db.selectFrom('payments').select(['identifier', 'amount_stroops', 'memo', 'created_at']).where('identifier', 'in', saleIds).execute()
  const saleOf = new Map(sales.map((sale) => [sale.identifier, sale]))
  return requests.map((request) => {
    const sale = request.refundOf === null ? undefined : saleOf.get(request.refundOf)
    return {
      id: request.id,
      kind: request.kind,
      state: request.state,
      refundOf: request.refundOf,
      uid: request.uid,
      amount: formatPi(request.amount),
      memo: request.memo,
      reason: request.reason,
      reasonText: request.reasonText,
      rule: request.rule,
      requestedBy: request.requestedBy,
      requestedAt: request.requestedAt.toISOString(),
      decidedBy: request.decidedBy,
      decidedAt: request.decidedAt?.toISOString() ?? null,
      decisionNote: request.decisionNote,
      approvalExpiresAt: request.approvalExpiresAt?.toISOString() ?? null,
      payoutId: request.payoutId,
      sale: sale === undefined ? null : { amount: formatPi(sale.amount_stroops), memo: sale.memo, createdAt: new Date(Number(sale.created_at)).toISOString() }
    }
  })
}
