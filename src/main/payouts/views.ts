// What the renderer and the CLI's --json see of a payout: plain JSON, money as 7-decimal strings,
// never an envelope (it is signed, and useless to a person).
import type { PayoutAction, PayoutListView, PayoutState, PayoutView } from '../../shared/contract/payouts'
import { formatPi } from '../../shared/money'
import { CANCEL_ONLY_PROBLEMS } from './runner'
import type { PayoutProblem, PayoutRecord } from './types'

export const PAYOUT_STEPS = 7

export const PAYOUT_STATE_LABELS: Readonly<Record<PayoutState, string>> = {
  recorded: 'Requested',
  created: 'Created with Pi',
  signed: 'Signed',
  submitted: 'Sent to the chain',
  confirmed: 'Paid on chain',
  completed: 'Completed',
  blocked: 'Needs attention',
  failed: 'Failed, nothing paid'
}

/** How many of the seven journal steps are done. */
export function payoutStep(payout: PayoutRecord): number {
  if (payout.state === 'completed') return 7
  if (payout.txid !== null) return 6
  if (payout.state === 'submitted') return 5
  if (payout.envelope !== null) return 4
  if (payout.piPaymentId !== null) return 2
  return 1
}

export function payoutActions(payout: PayoutRecord): PayoutAction[] {
  switch (payout.state) {
    case 'completed':
    case 'failed':
      return []
    case 'confirmed':
      return ['resume']
    case 'blocked':
      return payout.problem !== null && CANCEL_ONLY_PROBLEMS.has(payout.problem.code) ? ['cancel'] : ['resume', 'cancel']
    default:
      return ['resume', 'cancel']
  }
}

export function toPayoutView(payout: PayoutRecord, explorerTxUrl: string | null): PayoutView {
  const txid = payout.txid ?? null
  return {
    id: payout.id,
    kind: payout.kind,
    state: payout.state,
    stateLabel: PAYOUT_STATE_LABELS[payout.state],
    step: payoutStep(payout),
    steps: PAYOUT_STEPS,
    refundOf: payout.refundOf,
    route: payout.route,
    chainMemo: payout.chainMemo,
    refundOfTransfer: payout.refundOfOperation,
    uid: payout.uid,
    amount: formatPi(payout.amount),
    memo: payout.memo,
    reason: payout.reason,
    reasonText: payout.reasonText,
    piPaymentId: payout.piPaymentId,
    toAddress: payout.toAddress,
    txid,
    txUrl: txid !== null && explorerTxUrl !== null ? `${explorerTxUrl}${txid}` : null,
    ledger: payout.ledger,
    feeCharged: payout.feeCharged === null ? null : formatPi(payout.feeCharged),
    problem: payout.problem,
    actions: payoutActions(payout),
    requestedBy: payout.requestedBy,
    createdAt: payout.createdAt.toISOString(),
    updatedAt: payout.updatedAt.toISOString(),
    finishedAt: payout.finishedAt?.toISOString() ?? null
  }
}

export function toPayoutListView(
  payouts: readonly PayoutRecord[],
  walletPublicKey: string | null,
  explorerTxUrl: string | null,
  recoveryProblem: PayoutProblem | null = null
): PayoutListView {
  return {
    items: payouts.map((payout) => toPayoutView(payout, explorerTxUrl)),
    walletPublicKey,
    unfinished: payouts.filter((payout) => payout.state !== 'completed' && payout.state !== 'failed').length,
    recoveryProblem
  }
}
