// The payout journal's table (invariant 4): every step of a refund or payout is a transition
// written in ONE transaction with its audit entry, and only from the state the caller saw. So a
// crash leaves the row at the last step that finished, with everything that step learned (the Pi
// payment id, the signed envelope and its hash) already stored, and two writers can never both
// move the same payout: the second one's transition finds another state and is refused.
import { sql, type ExpressionBuilder, type Selectable } from 'kysely'
import { appendAudit } from '../audit'
import { containsText, withTransaction, type Database, type MerchantDb, type PayoutsTable } from '../db'
import { UserFacingError } from '../../shared/errors'
import type { JsonValue } from '../../shared/contract/queue'
import { formatPi } from '../../shared/money'
import type { NetworkId } from '../../shared/network'
import { FINISHED_STATES, type PayoutChanges, type PayoutDiscrepancy, type PayoutIntent, type PayoutRecord, type PayoutState } from './types'

type PayoutRow = Selectable<PayoutsTable>

/**
 * `state NOT IN ('completed', 'failed')` with the states written out as literals: the partial index
 * payouts_unfinished is chosen only for a condition that matches its own (a bound parameter does not).
 */
function unfinished(eb: ExpressionBuilder<Database, 'payouts'>) {
  return eb('state', 'not in', [sql.lit('completed'), sql.lit('failed')])
}

export interface PayoutListFilter {
  readonly networkId: NetworkId
  readonly refundOf?: string
  readonly limit?: number
}

/** What a record's check answers: undefined to record the payout, or what it kept instead (an approval request). */
export type RecordCheck<Deferred> = void | { readonly deferred: Deferred }

export interface RecordOptions {
  /** Who asked for it, when not the person acting now (an approved request: its requester). */
  readonly requestedBy?: string
  /** Runs in the same transaction once the payout row exists (an approved request points at it). */
  readonly onRecorded?: (tx: MerchantDb, payout: PayoutRecord) => Promise<void>
}

export class PayoutJournal {
  constructor(
    private readonly store: MerchantDb,
    /** Who is acting, for the audit log: "desktop", or the OS user for the CLI. */
    readonly actor: () => string
  ) {}

  /** The same journal, writing inside the caller's transaction `tx` (a ledger write and a step together). */
  within(tx: MerchantDb): PayoutJournal {
    return new PayoutJournal(tx, this.actor)
  }

  async get(id: number): Promise<PayoutRecord> {
    const row = await this.store.db.selectFrom('payouts').selectAll().where('id', '=', BigInt(id)).executeTakeFirst()
    if (row === undefined) throw new UserFacingError('payout_not_found', `There is no refund or payout number ${id}.`)
    return toRecord(row)
  }

  async byKey(idempotencyKey: string): Promise<PayoutRecord | null> {
    const row = await this.store.db.selectFrom('payouts').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst()
    return row === undefined ? null : toRecord(row)
  }

  /** Unfinished payouts of a wallet, oldest first: the order recovery takes them in. */
  async unfinished(networkId: NetworkId, appWallet: string): Promise<PayoutRecord[]> {
    const rows = await this.store.db
      .selectFrom('payouts')
      .selectAll()
      .where('app_wallet', '=', appWallet)
      .where('network_id', '=', networkId)
      .where(unfinished)
      .orderBy('id')
      .execute()
    return rows.map(toRecord)
  }

  async list(filter: PayoutListFilter): Promise<PayoutRecord[]> {
    let query = this.store.db.selectFrom('payouts').selectAll().where('network_id', '=', filter.networkId)
    if (filter.refundOf !== undefined) query = query.where('refund_of', '=', filter.refundOf)
    const rows = await query
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 1000)
      .execute()
    return rows.map(toRecord)
  }

  /**
   * Step 1: records the intent. `check` runs inside the same write transaction, on its handle `tx`
   * (the refund cap: two forms on one sale cannot both pass it). The same idempotency key answers
   * the payout it already made, and never a second one.
   */
  async record<Deferred>(
    networkId: NetworkId,
    appWallet: string,
    intent: PayoutIntent,
    check: (tx: MerchantDb) => Promise<RecordCheck<Deferred>> | RecordCheck<Deferred>,
    options: RecordOptions = {}
  ): Promise<{ payout: PayoutRecord; created: boolean } | { deferred: Deferred }> {
    return withTransaction(this.store, async (tx): Promise<{ payout: PayoutRecord; created: boolean } | { deferred: Deferred }> => {
      const journal = this.within(tx)
      const existing = await journal.byKey(intent.idempotencyKey)
      if (existing !== null) {
        if (!sameRequest(existing, intent)) {
          throw new UserFacingError(
            'request_key_reused',
            'This form was already used for a different refund or payout. Close it and open a new one.'
          )
        }
        return { payout: existing, created: false }
      }
      const checked = await check(tx)
      // The policy kept it for approval: what the check wrote (the request) is kept, no payout is.
      if (checked) return checked
      const now = this.store.now().getTime()
      const inserted = await tx.db
        .insertInto('payouts')
        .values({
          idempotency_key: intent.idempotencyKey,
          network_id: networkId,
          app_wallet: appWallet,
          kind: intent.kind,
          refund_of: intent.refundOf,
          user_uid: intent.uid,
          amount_stroops: intent.amount,
          memo: intent.memo,
          reason: intent.reason,
          reason_text: intent.reasonText,
          state: 'recorded',
          ...(intent.direct !== undefined
            ? {
                route: 'direct' as const,
                chain_memo: intent.direct.chainMemo,
                to_address: intent.direct.toAddress,
                refund_of_operation: intent.direct.refundOfOperation,
                refund_of_invoice: intent.direct.refundOfInvoice
              }
            : {}),
          // The table's defaults, said here because the schema types every column as written.
          envelopes_built: 0n,
          submissions: 0n,
          requested_by: options.requestedBy ?? this.actor(),
          created_at: now,
          updated_at: now
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const payout = await journal.get(Number(inserted.id))
      await appendAudit(tx, {
        actor: this.actor(),
        action: `${payout.kind}.request`,
        subject: auditSubject(payout),
        before: null,
        after: auditView(payout)
      })
      await options.onRecorded?.(tx, payout)
      return { payout, created: true }
    })
  }

  /**
   * Moves a payout from `from` to `to`, writing what the step learned, and audits it, in one
   * transaction. Refused when the row is no longer in `from`: someone else moved it meanwhile.
   */
  async transition(payout: PayoutRecord, to: PayoutState, changes: PayoutChanges = {}, action?: string): Promise<PayoutRecord> {
    return withTransaction(this.store, async (tx) => {
      const now = this.store.now().getTime()
      const moved = await tx.db
        .updateTable('payouts')
        .set((eb) => ({
          state: to,
          updated_at: now,
          ...(changes.piPaymentId !== undefined ? { pi_payment_id: changes.piPaymentId } : {}),
          ...(changes.toAddress !== undefined ? { to_address: changes.toAddress } : {}),
          ...(changes.envelope !== undefined
            ? {
                envelope_xdr: changes.envelope?.xdr ?? null,
                tx_hash: changes.envelope?.hash ?? null,
                envelope_max_time: changes.envelope === null ? null : BigInt(changes.envelope.maxTime),
                envelope_sequence: changes.envelope?.sequence ?? null,
                envelope_fee_stroops: changes.envelope?.fee ?? null
              }
            : {}),
          ...(changes.envelopeBuilt ? { envelopes_built: eb('envelopes_built', '+', 1n) } : {}),
          ...(changes.submitted ? { submissions: eb('submissions', '+', 1n) } : {}),
          ...(changes.txid !== undefined ? { txid: changes.txid } : {}),
          ...(changes.ledger !== undefined ? { ledger: BigInt(changes.ledger) } : {}),
          ...(changes.feeCharged !== undefined ? { fee_charged_stroops: changes.feeCharged } : {}),
          ...(changes.problem !== undefined
            ? { problem_code: changes.problem?.code ?? null, problem_message: changes.problem?.message ?? null }
            : {}),
          ...(FINISHED_STATES.has(to) ? { finished_at: now } : {})
        }))
        .where('id', '=', BigInt(payout.id))
        .where('state', '=', payout.state)
        .executeTakeFirst()
      if (moved.numUpdatedRows === 0n) {
        throw new UserFacingError(
          'payout_moved',
          `Refund or payout number ${payout.id} was changed by another window or process meanwhile. Reload it and try again.`
        )
      }
      const after = await this.within(tx).get(payout.id)
      // Only real steps are audited: a "will retry" note on the same state is not a staff action.
      if (to !== payout.state || action !== undefined) {
        await appendAudit(tx, {
          actor: this.actor(),
          action: action ?? `${payout.kind}.${to}`,
          subject: auditSubject(after),
          before: auditView(payout),
          after: auditView(after)
        })
      }
      return after
    })
  }

  /**
   * Audits a transaction that carries the payout's memo but is not the payout (a stranger's
   * transfer), once per transaction, with its evidence. The payout itself is left as it is.
   */
  async reportDiscrepancy(payout: PayoutRecord, evidence: PayoutDiscrepancy): Promise<void> {
    await withTransaction(this.store, async (tx) => {
      const action = `${payout.kind}.discrepancy`
      const seen = await tx.db
        .selectFrom('audit_log')
        .select((eb) => eb.lit(1).as('seen'))
        .where('action', '=', action)
        .where(containsText(tx.db, 'after_json', evidence.txid))
        .limit(1)
        .executeTakeFirst()
      if (seen !== undefined) return
      await appendAudit(tx, {
        actor: this.actor(),
        action,
        subject: auditSubject(payout),
        before: null,
        after: { payout: payout.id, piPaymentId: payout.piPaymentId, ...evidence }
      })
    })
  }

  /**
   * The unfinished payout a Pi payment belongs to: by its stored id, or (a crash between Pi's
   * answer and storing the id) by the request key the payment carries in its metadata.
   */
  async ownPayoutOf(piPaymentId: string, requestKey: string | null): Promise<number | null> {
    const row = await this.store.db
      .selectFrom('payouts')
      .select('id')
      .where(unfinished)
      .where((eb) =>
        requestKey === null
          ? eb('pi_payment_id', '=', piPaymentId)
          : eb.or([eb('pi_payment_id', '=', piPaymentId), eb.and([eb('pi_payment_id', 'is', null), eb('idempotency_key', '=', requestKey)])])
      )
      .orderBy('id')
      .limit(1)
      .executeTakeFirst()
    return row === undefined ? null : Number(row.id)
  }

  /** The queue's view: until when a signed envelope of an unfinished payout may land. */
  async envelopeFor(piPaymentId: string): Promise<{ readonly hash: string; readonly validUntil: Date } | null> {
    const row = await this.store.db
      .selectFrom('payouts')
      .select(['tx_hash', 'envelope_max_time'])
      .where('pi_payment_id', '=', piPaymentId)
      .where(unfinished)
      .executeTakeFirst()
    if (row === undefined || row.tx_hash === null || row.envelope_max_time === null) return null
    return { hash: row.tx_hash, validUntil: new Date(Number(row.envelope_max_time) * 1000) }
  }

  /** Notes passing trouble (Pi or Horizon unreachable) without moving the payout. */
  note(payout: PayoutRecord, problem: PayoutRecord['problem']): Promise<PayoutRecord> {
    return this.transition(payout, payout.state, { problem })
  }
}

function sameRequest(existing: PayoutRecord, intent: PayoutIntent): boolean {
  return (
    existing.kind === intent.kind &&
    existing.refundOf === intent.refundOf &&
    existing.uid === intent.uid &&
    existing.amount === intent.amount &&
    existing.route === (intent.direct !== undefined ? 'direct' : 'pi') &&
    existing.refundOfOperation === (intent.direct?.refundOfOperation ?? null)
  )
}

/**
 * A refund's history shows on its sale (a walk-in payment's: on its chain operation); a payout's
 * on its own Pi payment once it has one.
 */
function auditSubject(payout: PayoutRecord): string | null {
  return payout.refundOf ?? payout.refundOfOperation ?? payout.piPaymentId
}

/** What the audit log keeps of a payout: never an envelope (it is bulky, and signed). */
function auditView(payout: PayoutRecord): JsonValue {
  return {
    payout: payout.id,
    kind: payout.kind,
    state: payout.state,
    amount: formatPi(payout.amount),
    uid: payout.uid,
    refundOf: payout.refundOf,
    piPaymentId: payout.piPaymentId,
    txHash: payout.envelope?.hash ?? null,
    txid: payout.txid,
    problem: payout.problem?.code ?? null,
    ...(payout.route === 'direct'
      ? { route: 'direct', chainMemo: payout.chainMemo, toAddress: payout.toAddress, refundOfOperation: payout.refundOfOperation, refundOfInvoice: payout.refundOfInvoice }
      : {})
  }
}

function toRecord(row: PayoutRow): PayoutRecord {
  return {
    id: Number(row.id),
    idempotencyKey: row.idempotency_key,
    networkId: row.network_id,
    appWallet: row.app_wallet,
    kind: row.kind,
    refundOf: row.refund_of,
    uid: row.user_uid,
    amount: row.amount_stroops,
    memo: row.memo,
    reason: row.reason as PayoutRecord['reason'],
    reasonText: row.reason_text,
    state: row.state as PayoutState,
    piPaymentId: row.pi_payment_id,
    toAddress: row.to_address,
    envelope:
      row.envelope_xdr === null || row.tx_hash === null
        ? null
        : {
            xdr: row.envelope_xdr,
            hash: row.tx_hash,
            maxTime: Number(row.envelope_max_time ?? 0n),
            sequence: row.envelope_sequence ?? '0',
            fee: row.envelope_fee_stroops ?? 0n
          },
    envelopesBuilt: Number(row.envelopes_built),
    submissions: Number(row.submissions),
    txid: row.txid,
    ledger: row.ledger === null ? null : Number(row.ledger),
    feeCharged: row.fee_charged_stroops,
    problem: row.problem_code === null ? null : { code: row.problem_code, message: row.problem_message ?? '' },
    requestedBy: row.requested_by,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
    finishedAt: row.finished_at === null ? null : new Date(Number(row.finished_at)),
    route: row.route,
    chainMemo: row.chain_memo,
    refundOfOperation: row.refund_of_operation,
    refundOfInvoice: row.refund_of_invoice
  }
}
