// Domain → contract: what the renderer (and the CLI's --json) receive. Plain JSON only: money as
// Horizon-style 7-decimal strings, times as ISO-8601 UTC, Pi's own field names for its record.
import type { PaymentDetailView, PaymentRowView, TimelineEntryView } from '../../shared/contract'
import { formatPi } from '../../shared/money'
import { DISPLAY_STATUS_LABELS, type Payment } from '../../shared/payments'
import type { LedgerRow, PaymentDetail, TimelineEvent } from './types'

export function paymentRowView(row: LedgerRow): PaymentRowView {
  return {
    identifier: row.identifier,
    createdAt: row.createdAt.toISOString(),
    direction: row.direction,
    status: row.status,
    flags: row.flags,
    amount: formatPi(row.amount),
    userUid: row.userUid,
    memo: row.memo,
    txid: row.txid,
    chainCheck: row.chainCheck,
    refunded: row.refunded > 0n ? formatPi(row.refunded) : null
  }
}

/** Pi's PaymentDTO as Pi sent it, except the amount, which is exact text instead of a JSON number. */
export function paymentDtoView(payment: Payment): Record<string, unknown> {
  return {
    identifier: payment.identifier,
    user_uid: payment.userUid,
    amount: formatPi(payment.amount),
    memo: payment.memo,
    metadata: payment.metadata,
    from_address: payment.fromAddress,
    to_address: payment.toAddress,
    direction: payment.direction,
    created_at: payment.createdAt.toISOString(),
    network: payment.network,
    status: {
      developer_approved: payment.status.developerApproved,
      transaction_verified: payment.status.transactionVerified,
      developer_completed: payment.status.developerCompleted,
      cancelled: payment.status.cancelled,
      user_cancelled: payment.status.userCancelled
    },
    transaction:
      payment.transaction === null
        ? null
        : { txid: payment.transaction.txid, verified: payment.transaction.verified, _link: payment.transaction.horizonLink }
  }
}

export function paymentDetailView(detail: PaymentDetail, explorerTxUrl: string | null): PaymentDetailView {
  const tx = detail.chain.transaction
  return {
    row: paymentRowView(detail.row),
    dto: paymentDtoView(detail.payment),
    chain: {
      // One source for txid, ledger and fee (src/main/ledger/payment-chain.ts), as the row and the exports.
      txid: detail.chain.txid,
      ledger: detail.chain.ledger === null ? null : Number(detail.chain.ledger),
      fee: detail.chain.fee === null ? null : formatPi(detail.chain.fee),
      successful: tx ? tx.successful : null,
      explorerUrl: detail.chain.txid !== null && explorerTxUrl ? `${explorerTxUrl}${detail.chain.txid}` : null,
      failureReasons: detail.chainCheck.outcome === 'failed' ? detail.chainCheck.reasons : []
    },
    refunds: detail.refunds.map(paymentRowView),
    refundableRemainder: detail.refundableRemainder === null ? null : formatPi(detail.refundableRemainder),
    timeline: detail.timeline.map(timelineEntryView)
  }
}

const CREATED_BY: Readonly<Record<Extract<TimelineEvent, { kind: 'created' }>['by'], string>> = {
  buyer: 'Created by the buyer',
  this_desk: 'Sent by the app, from Merchant Desk',
  app: 'Sent by the app, by another tool'
}

function timelineEntryView(event: TimelineEvent): TimelineEntryView {
  const at = event.at.toISOString()
  switch (event.kind) {
    case 'created':
      return { at, kind: event.kind, label: CREATED_BY[event.by], detail: null }
    case 'first_seen':
      return { at, kind: event.kind, label: 'First seen by Merchant Desk', detail: `from ${event.source.replaceAll('_', ' ')}` }
    case 'on_chain':
      return {
        at,
        kind: event.kind,
        label: event.successful ? 'Transaction on chain' : 'Transaction failed on chain',
        detail: `ledger ${event.ledger}, fee ${formatPi(event.fee)} Pi`
      }
    case 'chain_verified':
      return { at, kind: event.kind, label: 'Verified on chain by Merchant Desk', detail: null }
    case 'chain_check_failed':
      return { at, kind: event.kind, label: 'Chain check failed', detail: event.reasons.join(', ').replaceAll('_', ' ') }
    case 'refund':
      return {
        at,
        kind: event.kind,
        label: `Refund of ${formatPi(event.amount)} Pi`,
        detail: `${event.refundIdentifier} (${DISPLAY_STATUS_LABELS[event.status]})`
      }
    case 'refund_on_chain':
      return {
        at,
        kind: event.kind,
        label: 'Refund transaction on chain',
        detail: `ledger ${event.ledger}, fee ${formatPi(event.fee)} Pi`
      }
    case 'staff_action':
      return { at, kind: event.kind, label: `${event.action} by ${event.actor}`, detail: null }
  }
}
