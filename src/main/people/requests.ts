// Approval requests (four eyes): a refund or payout above its person's policy is kept here, not
// paid. Nothing is created at Pi and nothing is signed until another person with the right
// approves it; the payouts service then pays it through the journal under the request's own
// idempotency key, so approving twice (two desks, a retry) pays once. Each change is audited in the
// same transaction. While open, a refund request counts against its sale's refund cap.
import { sql, type Selectable } from 'kysely'
import { appendAudit, runAudited } from '../audit'
import type { ApprovalRequestsTable, ApprovalRequestState, MerchantDb, PayoutRoute } from '../db'
import { UserFacingError } from '../../shared/errors'
import { formatPi, type Stroops } from '../../shared/money'
import type { NetworkId } from '../../shared/network'
import type { RefundReason } from '../../shared/contract/payouts'

export interface ApprovalRequest {
  readonly id: number
  readonly idempotencyKey: string
  readonly networkId: NetworkId
  readonly kind: 'refund' | 'payout'
  readonly refundOf: string | null
  readonly uid: string
  readonly amount: Stroops
  readonly memo: string
  readonly reason: RefundReason | null
  readonly reasonText: string
  /** Which rule made it a request, in words. */
  readonly rule: string
  readonly requestedBy: string
  readonly requestedAt: Date
  readonly state: ApprovalRequestState
  readonly decidedBy: string | null
  readonly decidedAt: Date | null
  readonly decisionNote: string
  readonly approvalExpiresAt: Date | null
  readonly payoutId: number | null
  /** 'direct': a refund to the paying address (issue 19), of a sale or of a walk-in chain payment. */
  readonly route: PayoutRoute
  readonly refundOfOperation: string | null
  readonly refundOfInvoice: string | null
}

type RequestRow = Selectable<ApprovalRequestsTable>

export function toRequest(row: RequestRow): ApprovalRequest {
  const date = (ms: bigint | null) => (ms === null ? null : new Date(Number(ms)))
  return {
    id: Number(row.id),
    idempotencyKey: row.idempotency_key,
    networkId: row.network_id,
    kind: row.kind,
    refundOf: row.refund_of,
    uid: row.user_uid,
    amount: row.amount_stroops,
    memo: row.memo,
    reason: row.reason as RefundReason | null,
    reasonText: row.reason_text,
    rule: row.rule,
    requestedBy: row.requested_by,
    requestedAt: new Date(Number(row.requested_at)),
    state: row.state,
    decidedBy: row.decided_by,
    decidedAt: date(row.decided_at),
    decisionNote: row.decision_note,
    approvalExpiresAt: date(row.approval_expires_at),
    payoutId: row.payout_id === null ? null : Number(row.payout_id),
    route: row.route,
    refundOfOperation: row.refund_of_operation,
    refundOfInvoice: row.refund_of_invoice
  }
}

/** What a request is made of: the payout intent that was not paid, and why. */
export type NewApprovalRequest = Pick<
  ApprovalRequest,
  'idempotencyKey' | 'networkId' | 'kind' | 'refundOf' | 'uid' | 'amount' | 'memo' | 'reason' | 'reasonText' | 'rule' | 'requestedBy'
> &
  Partial<Pick<ApprovalRequest, 'route' | 'refundOfOperation' | 'refundOfInvoice'>>

export async function requestByKey(store: Pick<MerchantDb, 'db'>, idempotencyKey: string): Promise<ApprovalRequest | null> {
  const row = await store.db.selectFrom('approval_requests').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst()
  return row === undefined ? null : toRequest(row)
}

export async function getRequest(store: Pick<MerchantDb, 'db'>, id: number): Promise<ApprovalRequest> {
  const row = await store.db.selectFrom('approval_requests').selectAll().where('id', '=', BigInt(id)).executeTakeFirst()
  if (row === undefined) throw new UserFacingError('request_not_found', `There is no approval request number ${id} (see \`merchant-desk requests\`).`)
  return toRequest(row)
}

/** Records a request inside the caller's transaction (where the cap and the limits were read), audited. */
export async function recordRequest(tx: MerchantDb, request: NewApprovalRequest): Promise<ApprovalRequest> {
  const inserted = await tx.db
    .insertInto('approval_requests')
    .values({
      idempotency_key: request.idempotencyKey,
      network_id: request.networkId,
      kind: request.kind,
      refund_of: request.refundOf,
      user_uid: request.uid,
      amount_stroops: request.amount,
      memo: request.memo,
      reason: request.reason,
      reason_text: request.reasonText,
      rule: request.rule,
      requested_by: request.requestedBy,
      requested_at: tx.now().getTime(),
      state: 'open',
      ...(request.route === 'direct'
        ? { route: 'direct' as const, refund_of_operation: request.refundOfOperation ?? null, refund_of_invoice: request.refundOfInvoice ?? null }
        : {})
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  const recorded = toRequest(inserted)
  await appendAudit(tx, {
    actor: request.requestedBy,
    action: `${request.kind}.ask_approval`,
    subject: request.refundOf ?? request.refundOfOperation ?? request.uid,
    before: null,
    after: requestAudit(recorded)
  })
  return recorded
}

export interface RequestListFilter {
  readonly networkId: NetworkId
  /** Only those waiting for a decision or for their payment (open, approved and not paid). */
  readonly waitingOnly?: boolean
  readonly limit?: number
}

export async function listRequests(store: Pick<MerchantDb, 'db'>, filter: RequestListFilter): Promise<ApprovalRequest[]> {
  let query = store.db.selectFrom('approval_requests').selectAll().where('network_id', '=', filter.networkId)
  if (filter.waitingOnly) query = query.where('state', 'in', [sql.lit('open' as const), sql.lit('approved' as const)])
  const rows = await query.orderBy('id', 'desc').limit(filter.limit ?? 500).execute()
  return rows.map(toRequest)
}

/**
 * What open requests hold of a sale's refundable amount: open ones, and approved ones not yet
 * paid whose approval still holds (a paid one counts through its payout; an expired one no longer).
 */
export async function heldByRequests(tx: Pick<MerchantDb, 'db'>, saleId: string, now: Date, except?: number): Promise<Stroops> {
  let query = tx.db
    .selectFrom('approval_requests')
    .select((eb) => eb.fn.sum<bigint | null>('amount_stroops').as('total'))
    .where('refund_of', '=', saleId)
    .where((eb) =>
      eb.or([
        eb('state', '=', sql.lit('open' as const)),
        eb.and([eb('state', '=', sql.lit('approved' as const)), eb('payout_id', 'is', null), eb('approval_expires_at', '>', BigInt(now.getTime()))])
      ])
    )
  if (except !== undefined) query = query.where('id', '<>', BigInt(except))
  const row = await query.executeTakeFirst()
  return row?.total ?? 0n
}

/** Why a person may not decide this request (or null): never their own, only while it waits. */
export function decisionRefusal(request: ApprovalRequest, decider: string, now: Date): UserFacingError | null {
  if (request.requestedBy.toLowerCase() === decider.toLowerCase()) {
    return new UserFacingError(
      'own_request',
      `Request ${request.id} is your own: another person with the right (an owner or a manager) must approve or deny it. Nothing was paid.`
    )
  }
  if (request.state === 'denied') return new UserFacingError('request_denied', `Request ${request.id} was denied by ${request.decidedBy ?? 'someone'}; ask again if it is still needed. Nothing was paid.`)
  if (request.state === 'paid') return new UserFacingError('request_paid', `Request ${request.id} was already approved and paid (refund or payout number ${request.payoutId}). Nothing more was paid.`)
  if (request.state === 'withdrawn') return new UserFacingError('request_withdrawn', `Request ${request.id} was withdrawn. Nothing was paid.`)
  if (request.state === 'approved' && request.approvalExpiresAt !== null && request.approvalExpiresAt.getTime() <= now.getTime()) {
    return new UserFacingError(
      'approval_expired',
      `The approval of request ${request.id} expired at ${request.approvalExpiresAt.toISOString()} before it was paid: ask for the refund again. Nothing was paid.`
    )
  }
  return null
}

/**
 * Marks a request approved (when it is open), audited, and returns it: paying it is the payouts
 * service's job. Approved already and still good: returned as it is, so paying can be retried.
 */
export async function approveRequest(store: MerchantDb, id: number, approver: string, note: string, validHours: number): Promise<ApprovalRequest> {
  const { value } = await runAudited(store, async (tx) => {
    const request = await getRequest(tx, id)
    const refusal = decisionRefusal(request, approver, tx.now())
    if (refusal !== null) throw refusal
    if (request.state === 'approved') {
      return { value: request, audit: { actor: approver, action: `${request.kind}.approval_retry`, subject: subjectOf(request), before: null, after: { request: request.id } } }
    }
    const at = tx.now().getTime()
    await tx.db
      .updateTable('approval_requests')
      .set({ state: 'approved', decided_by: approver, decided_at: at, decision_note: note.trim(), approval_expires_at: at + validHours * 3_600_000 })
      .where('id', '=', BigInt(id))
      .where('state', '=', 'open')
      .execute()
    const approved = await getRequest(tx, id)
    return { value: approved, audit: { actor: approver, action: `${request.kind}.approve`, subject: subjectOf(request), before: requestAudit(request), after: requestAudit(approved) } }
  })
  return value
}

export async function denyRequest(store: MerchantDb, id: number, decider: string, note: string): Promise<ApprovalRequest> {
  const text = note.trim()
  if (text === '') throw new UserFacingError('deny_note_missing', `Say why request ${id} is denied (--note), so ${'the person who asked'} knows. Nothing was changed.`)
  const { value } = await runAudited(store, async (tx) => {
    const request = await getRequest(tx, id)
    const refusal = decisionRefusal(request, decider, tx.now())
    if (refusal !== null) throw refusal
    if (request.state !== 'open') throw new UserFacingError('request_decided', `Request ${id} was already approved by ${request.decidedBy ?? 'someone'}; it can no longer be denied.`)
    await tx.db
      .updateTable('approval_requests')
      .set({ state: 'denied', decided_by: decider, decided_at: tx.now().getTime(), decision_note: text })
      .where('id', '=', BigInt(id))
      .where('state', '=', 'open')
      .execute()
    const denied = await getRequest(tx, id)
    return { value: denied, audit: { actor: decider, action: `${request.kind}.deny`, subject: subjectOf(request), before: requestAudit(request), after: requestAudit(denied) } }
  })
  return value
}

/** In the journal's own transaction: the approved request is now the payout `payoutId`. */
export async function markRequestPaid(tx: MerchantDb, id: number, payoutId: number): Promise<void> {
  await tx.db
    .updateTable('approval_requests')
    .set({ state: 'paid', payout_id: BigInt(payoutId) })
    .where('id', '=', BigInt(id))
    .where('state', '=', 'approved')
    .execute()
}

function subjectOf(request: ApprovalRequest): string {
  return request.refundOf ?? request.refundOfOperation ?? request.uid
}

export function requestAudit(request: ApprovalRequest) {
  return {
    request: request.id,
    kind: request.kind,
    refundOf: request.refundOf,
    uid: request.uid,
    amount: formatPi(request.amount),
    rule: request.rule,
    requestedBy: request.requestedBy,
    state: request.state,
    decidedBy: request.decidedBy,
    note: request.decisionNote,
    approvalExpiresAt: request.approvalExpiresAt?.toISOString() ?? null,
    ...(request.route === 'direct' ? { route: request.route, refundOfOperation: request.refundOfOperation } : {})
  }
}
