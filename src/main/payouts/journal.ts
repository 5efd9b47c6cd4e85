// The payout journal's table (invariant 4): every step of a refund or payout is a transition
// written in ONE transaction with its audit entry, and only from the state the caller saw. So a
// crash leaves the row at the last step that finished, with everything that step learned (the Pi
// payment id, the signed envelope and its hash) already stored, and two writers can never both
// move the same payout: the second one's transition finds another state and is refused.
import type SqliteDatabase from 'better-sqlite3'
import { entryHash, unchainedEntry, type AuditEntryInput } from '../audit'
import type { Selectable } from 'kysely'
import { AUDIT_GENESIS_HASH, type MerchantDb, type PayoutsTable } from '../db'
import { UserFacingError } from '../../shared/errors'
import type { JsonValue } from '../../shared/contract/queue'
import { formatPi } from '../../shared/money'
import type { NetworkId } from '../../shared/network'
import { FINISHED_STATES, type PayoutChanges, type PayoutDiscrepancy, type PayoutIntent, type PayoutRecord, type PayoutState } from './types'

/** A journal row as better-sqlite3 reads it (INTEGER as bigint). */
type PayoutRow = Selectable<PayoutsTable>

export interface PayoutListFilter {
  readonly networkId: NetworkId
  readonly refundOf?: string
  readonly limit?: number
}

export class PayoutJournal {
  constructor(
    private readonly store: Pick<MerchantDb, 'sqlite' | 'now'>,
    /** Who is acting, for the audit log: "desktop", or the OS user for the CLI. */
    readonly actor: string
  ) {}

  private get sqlite(): SqliteDatabase.Database {
    return this.store.sqlite
  }

  get(id: number): PayoutRecord {
    const row = this.sqlite.prepare<[number], PayoutRow>('SELECT * FROM payouts WHERE id = ?').get(id)
    if (row === undefined) throw new UserFacingError('payout_not_found', `There is no refund or payout number ${id}.`)
    return toRecord(row)
  }

  byKey(idempotencyKey: string): PayoutRecord | null {
    const row = this.sqlite.prepare<[string], PayoutRow>('SELECT * FROM payouts WHERE idempotency_key = ?').get(idempotencyKey)
    return row === undefined ? null : toRecord(row)
  }

  /** Unfinished payouts of a wallet, oldest first: the order recovery takes them in. */
  unfinished(networkId: NetworkId, appWallet: string): PayoutRecord[] {
    return this.sqlite
      .prepare<[string, NetworkId], PayoutRow>(
        `SELECT * FROM payouts WHERE app_wallet = ? AND network_id = ? AND state NOT IN ('completed', 'failed') ORDER BY id`
      )
      .all(appWallet, networkId)
      .map(toRecord)
  }

  list(filter: PayoutListFilter): PayoutRecord[] {
    const limit = filter.limit ?? 1000
    const rows =
      filter.refundOf === undefined
        ? this.sqlite
            .prepare<[NetworkId, number], PayoutRow>('SELECT * FROM payouts WHERE network_id = ? ORDER BY id DESC LIMIT ?')
            .all(filter.networkId, limit)
        : this.sqlite
            .prepare<[NetworkId, string, number], PayoutRow>(
              'SELECT * FROM payouts WHERE network_id = ? AND refund_of = ? ORDER BY id DESC LIMIT ?'
            )
            .all(filter.networkId, filter.refundOf, limit)
    return rows.map(toRecord)
  }

  /**
   * Step 1: records the intent. `check` runs inside the same write transaction (the refund cap:
   * two forms on one sale cannot both pass it). The same idempotency key answers the payout it
   * already made, and never a second one.
   */
  record(networkId: NetworkId, appWallet: string, intent: PayoutIntent, check: () => void): { payout: PayoutRecord; created: boolean } {
    return this.sqlite
      .transaction(() => {
        const existing = this.byKey(intent.idempotencyKey)
        if (existing !== null) {
          if (!sameRequest(existing, intent)) {
            throw new UserFacingError(
              'request_key_reused',
              'This form was already used for a different refund or payout. Close it and open a new one.'
            )
          }
          return { payout: existing, created: false }
        }
        check()
        const now = this.store.now().getTime()
        const inserted = this.sqlite
          .prepare(
            `INSERT INTO payouts (idempotency_key, network_id, app_wallet, kind, refund_of, user_uid, amount_stroops, memo,
               reason, reason_text, state, requested_by, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'recorded', ?, ?, ?)`
          )
          .run(
            intent.idempotencyKey,
            networkId,
            appWallet,
            intent.kind,
            intent.refundOf,
            intent.uid,
            intent.amount,
            intent.memo,
            intent.reason,
            intent.reasonText,
            this.actor,
            now,
            now
          )
        const payout = this.get(Number(inserted.lastInsertRowid))
        appendAuditInside(this.sqlite, this.store, {
          actor: this.actor,
          action: `${payout.kind}.request`,
          subject: auditSubject(payout),
          before: null,
          after: auditView(payout)
        })
        return { payout, created: true }
      })
      .immediate()
  }

  /**
   * Moves a payout from `from` to `to`, writing what the step learned, and audits it, in one
   * transaction. Refused when the row is no longer in `from`: someone else moved it meanwhile.
   */
  transition(payout: PayoutRecord, to: PayoutState, changes: PayoutChanges = {}, action?: string): PayoutRecord {
    return this.sqlite
      .transaction(() => {
        const now = this.store.now().getTime()
        const sets: string[] = ['state = @to', 'updated_at = @now']
        const values: Record<string, unknown> = { id: payout.id, from: payout.state, to, now }
        if (changes.piPaymentId !== undefined) {
          sets.push('pi_payment_id = @pi')
          values.pi = changes.piPaymentId
        }
        if (changes.toAddress !== undefined) {
          sets.push('to_address = @toAddress')
          values.toAddress = changes.toAddress
        }
        if (changes.envelope !== undefined) {
          const envelope = changes.envelope
          sets.push('envelope_xdr = @xdr', 'tx_hash = @hash', 'envelope_max_time = @maxTime', 'envelope_sequence = @seq', 'envelope_fee_stroops = @fee')
          values.xdr = envelope?.xdr ?? null
          values.hash = envelope?.hash ?? null
          values.maxTime = envelope?.maxTime ?? null
          values.seq = envelope?.sequence ?? null
          values.fee = envelope?.fee ?? null
        }
        if (changes.envelopeBuilt) sets.push('envelopes_built = envelopes_built + 1')
        if (changes.submitted) sets.push('submissions = submissions + 1')
        if (changes.txid !== undefined) {
          sets.push('txid = @txid')
          values.txid = changes.txid
        }
        if (changes.ledger !== undefined) {
          sets.push('ledger = @ledger')
          values.ledger = changes.ledger
        }
        if (changes.feeCharged !== undefined) {
          sets.push('fee_charged_stroops = @feeCharged')
          values.feeCharged = changes.feeCharged
        }
        if (changes.problem !== undefined) {
          sets.push('problem_code = @problemCode', 'problem_message = @problemMessage')
          values.problemCode = changes.problem?.code ?? null
          values.problemMessage = changes.problem?.message ?? null
        }
        if (FINISHED_STATES.has(to)) sets.push('finished_at = @now')
        const moved = this.sqlite
          .prepare(`UPDATE payouts SET ${sets.join(', ')} WHERE id = @id AND state = @from`)
          .run(values).changes
        if (moved === 0) {
          throw new UserFacingError(
            'payout_moved',
            `Refund or payout number ${payout.id} was changed by another window or process meanwhile. Reload it and try again.`
          )
        }
        const after = this.get(payout.id)
        // Only real steps are audited: a "will retry" note on the same state is not a staff action.
        if (to !== payout.state || action !== undefined) {
          appendAuditInside(this.sqlite, this.store, {
            actor: this.actor,
            action: action ?? `${payout.kind}.${to}`,
            subject: auditSubject(after),
            before: auditView(payout),
            after: auditView(after)
          })
        }
        return after
      })
      .immediate()
  }

  /**
   * Audits a transaction that carries the payout's memo but is not the payout (a stranger's
   * transfer), once per transaction, with its evidence. The payout itself is left as it is.
   */
  reportDiscrepancy(payout: PayoutRecord, evidence: PayoutDiscrepancy): void {
    this.sqlite
      .transaction(() => {
        const action = `${payout.kind}.discrepancy`
        const seen = this.sqlite
          .prepare<[string, string], number>('SELECT 1 FROM audit_log WHERE action = ? AND instr(after_json, ?) > 0 LIMIT 1')
          .pluck()
          .get(action, evidence.txid)
        if (seen !== undefined) return
        appendAuditInside(this.sqlite, this.store, {
          actor: this.actor,
          action,
          subject: auditSubject(payout),
          before: null,
          after: { payout: payout.id, piPaymentId: payout.piPaymentId, ...evidence }
        })
      })
      .immediate()
  }

  /**
   * The unfinished payout a Pi payment belongs to: by its stored id, or (a crash between Pi's
   * answer and storing the id) by the request key the payment carries in its metadata.
   */
  ownPayoutOf(piPaymentId: string, requestKey: string | null): number | null {
    const id = this.sqlite
      .prepare<[string, string | null], bigint>(
        `SELECT id FROM payouts WHERE state NOT IN ('completed', 'failed')
           AND (pi_payment_id = ? OR (pi_payment_id IS NULL AND idempotency_key = ?)) ORDER BY id LIMIT 1`
      )
      .pluck()
      .get(piPaymentId, requestKey)
    return id === undefined ? null : Number(id)
  }

  /** The queue's view: until when a signed envelope of an unfinished payout may land. */
  envelopeFor(piPaymentId: string): { readonly hash: string; readonly validUntil: Date } | null {
    const row = this.sqlite
      .prepare<[string], { tx_hash: string | null; envelope_max_time: bigint | null }>(
        `SELECT tx_hash, envelope_max_time FROM payouts WHERE pi_payment_id = ? AND state NOT IN ('completed', 'failed')`
      )
      .get(piPaymentId)
    if (row === undefined || row.tx_hash === null || row.envelope_max_time === null) return null
    return { hash: row.tx_hash, validUntil: new Date(Number(row.envelope_max_time) * 1000) }
  }

  /** Notes passing trouble (Pi or Horizon unreachable) without moving the payout. */
  note(payout: PayoutRecord, problem: PayoutRecord['problem']): PayoutRecord {
    return this.transition(payout, payout.state, { problem })
  }
}

function sameRequest(existing: PayoutRecord, intent: PayoutIntent): boolean {
  return (
    existing.kind === intent.kind &&
    existing.refundOf === intent.refundOf &&
    existing.uid === intent.uid &&
    existing.amount === intent.amount
  )
}

/** A refund's history shows on its sale; a payout's on its own Pi payment once it has one. */
function auditSubject(payout: PayoutRecord): string | null {
  return payout.refundOf ?? payout.piPaymentId
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
    problem: payout.problem?.code ?? null
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
    finishedAt: row.finished_at === null ? null : new Date(Number(row.finished_at))
  }
}

/**
 * Interim, until this journal writes through withTransaction: the audit entry chained inside the
 * better-sqlite3 transaction under way, as appendAudit does through kysely (same checks, same
 * hash), so the step and its entry still commit together.
 */
function appendAuditInside(sqlite: SqliteDatabase.Database, store: Pick<MerchantDb, 'now'>, input: AuditEntryInput): void {
  const { content, ...entry } = unchainedEntry(input, store.now)
  const latest = sqlite.prepare<[], string>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').pluck().get()
  const prevHash = latest ?? AUDIT_GENESIS_HASH
  sqlite
    .prepare(
      `INSERT INTO audit_log (at, actor, action, subject, before_json, after_json, prev_hash, hash)
       VALUES (@at, @actor, @action, @subject, @before_json, @after_json, @prevHash, @hash)`
    )
    .run({ ...entry, prevHash, hash: entryHash(prevHash, content) })
}
