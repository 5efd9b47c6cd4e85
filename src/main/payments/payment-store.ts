// Writes Pi's payment records into the ledger. Synchronous (better-sqlite3), so a caller can put
// several writes in ONE transaction: a batch of payments, the chain operations they explain and
// their checks land together or not at all (invariant 5).
//
// Invariants: a row is only ever written for the network the sync runs on (a row of another
// network is left alone and reported); a payment's source says where it was FIRST learned of and
// never changes afterwards (so tracking an id never downgrades a payment found on chain), except
// that the app's own payouts always claim their rows;
// whenever what our chain check compared changes (txid, amount, addresses, direction, network),
// the check goes back to 'unchecked' so it is done again, never left standing on old facts.
import type SqliteDatabase from 'better-sqlite3'
import type { PaymentSource } from '../db'
import type { ChainCheck, Payment } from '../../shared/payments'
import type { NetworkId } from '../../shared/network'

export type UpsertOutcome = 'inserted' | 'updated' | 'other_network'

interface ExistingPayment {
  readonly network_id: string
  readonly source: PaymentSource
  readonly txid: string | null
  readonly amount_stroops: bigint
  readonly from_address: string
  readonly to_address: string
  readonly direction: string
  readonly network: string
  readonly pi_final: bigint
}

export interface KnownPayment {
  readonly identifier: string
  readonly final: boolean
}

export class PaymentStore {
  private readonly selectOne: SqliteDatabase.Statement<[string], ExistingPayment>
  private readonly insert: SqliteDatabase.Statement
  private readonly update: SqliteDatabase.Statement
  private readonly link: SqliteDatabase.Statement
  private readonly direct: SqliteDatabase.Statement
  private readonly uncheckLinked: SqliteDatabase.Statement
  private readonly writeCheck: SqliteDatabase.Statement

  constructor(
    private readonly sqlite: SqliteDatabase.Database,
    private readonly networkId: NetworkId
  ) {
    this.selectOne = sqlite.prepare(
      `SELECT network_id, source, txid, amount_stroops, from_address, to_address, direction, network, pi_final
       FROM payments WHERE identifier = ?`
    )
    this.insert = sqlite.prepare(
      `INSERT INTO payments (identifier, network_id, user_uid, amount_stroops, memo, metadata_json, from_address,
         to_address, direction, created_at, network, developer_approved, transaction_verified, developer_completed,
         cancelled, user_cancelled, txid, tx_verified, tx_link, source, first_seen_at, last_polled_at)
       VALUES (@identifier, @network_id, @user_uid, @amount_stroops, @memo, @metadata_json, @from_address,
         @to_address, @direction, @created_at, @network, @developer_approved, @transaction_verified,
         @developer_completed, @cancelled, @user_cancelled, @txid, @tx_verified, @tx_link, @source, @now, @now)`
    )
    this.update = sqlite.prepare(
      `UPDATE payments SET user_uid = @user_uid, amount_stroops = @amount_stroops, memo = @memo,
         metadata_json = @metadata_json, from_address = @from_address, to_address = @to_address,
         direction = @direction, created_at = @created_at, network = @network,
         developer_approved = @developer_approved, transaction_verified = @transaction_verified,
         developer_completed = @developer_completed, cancelled = @cancelled, user_cancelled = @user_cancelled,
         txid = @txid, tx_verified = @tx_verified, tx_link = @tx_link, source = @source, last_polled_at = @now,
         chain_check = CASE WHEN @recheck = 1 THEN 'unchecked' ELSE chain_check END,
         chain_check_reasons_json = CASE WHEN @recheck = 1 THEN NULL ELSE chain_check_reasons_json END,
         chain_checked_at = CASE WHEN @recheck = 1 THEN NULL ELSE chain_checked_at END
       WHERE identifier = @identifier`
    )
    this.link = sqlite.prepare(
      `UPDATE chain_operations SET classification = 'pi_payment', payment_identifier = ?
       WHERE network_id = ? AND id = ? AND classification = 'unresolved'`
    )
    this.direct = sqlite.prepare(
      `UPDATE chain_operations SET classification = 'direct_transfer'
       WHERE network_id = ? AND id = ? AND classification = 'unresolved'`
    )
    // Without a txid from Pi, the check reads the linked operations: a new one is new evidence.
    this.uncheckLinked = sqlite.prepare(
      `UPDATE payments SET chain_check = 'unchecked', chain_check_reasons_json = NULL, chain_checked_at = NULL
       WHERE identifier = ? AND txid IS NULL AND chain_check <> 'unchecked'`
    )
    this.writeCheck = sqlite.prepare(
      `UPDATE payments SET chain_check = ?, chain_check_reasons_json = ?, chain_checked_at = ?
       WHERE identifier = ? AND network_id = ?`
    )
  }

  /** The payment as stored for this network, or null (absent, or a row of another network). */
  known(identifier: string): KnownPayment | null {
    const row = this.selectOne.get(identifier)
    if (row === undefined || row.network_id !== this.networkId) return null
    return { identifier, final: row.pi_final === 1n }
  }

  /** Inserts or refreshes Pi's record; `source` is used for a new row (and 'payout' always). */
  upsert(payment: Payment, source: PaymentSource | 'keep', nowMs: number): UpsertOutcome {
    const existing = this.selectOne.get(payment.identifier)
    if (existing !== undefined && existing.network_id !== this.networkId) return 'other_network'
    const values = rowValues(payment, this.networkId, nowMs)
    if (existing === undefined) {
      this.insert.run({ ...values, source: source === 'keep' ? 'chain' : source })
      return 'inserted'
    }
    const keptSource = source === 'payout' ? 'payout' : existing.source
    const recheck =
      existing.txid !== values.txid ||
      existing.amount_stroops !== values.amount_stroops ||
      existing.from_address !== values.from_address ||
      existing.to_address !== values.to_address ||
      existing.direction !== values.direction ||
      existing.network !== values.network
    this.update.run({ ...values, source: keptSource, recheck: recheck ? 1 : 0 })
    return 'updated'
  }

  /**
   * Links app-to-user payments to the sale they refund, when their metadata names it
   * (`refund_of`: the journal's own refunds, and the convention of Pi's refund examples), so the
   * sale's detail, the refund cap and exports see refunds made outside this app too. Only ever
   * fills an empty link, and only to a sale of the same network. Returns how many it linked.
   */
  linkRefundsToSales(): number {
    return this.sqlite
      .prepare(
        `UPDATE payments SET refund_of = json_extract(metadata_json, '$.refund_of')
         WHERE network_id = @network AND direction = 'app_to_user' AND refund_of IS NULL
           AND json_type(metadata_json, '$.refund_of') = 'text'
           AND json_extract(metadata_json, '$.refund_of') <> identifier
           AND EXISTS (SELECT 1 FROM payments AS sale
                       WHERE sale.identifier = json_extract(payments.metadata_json, '$.refund_of')
                         AND sale.network_id = @network AND sale.direction = 'user_to_app')`
      )
      .run({ network: this.networkId }).changes
  }

  /** Marks an unresolved operation as this payment's; false when it was already classified. */
  linkOperation(operationId: string, identifier: string): boolean {
    const linked = this.link.run(identifier, this.networkId, operationId).changes > 0
    if (linked) this.noteNewEvidence(identifier)
    return linked
  }

  /** An operation was just linked to the payment: a check that read the linked operations is stale. */
  noteNewEvidence(identifier: string): void {
    this.uncheckLinked.run(identifier)
  }

  markDirectTransfer(operationId: string): boolean {
    return this.direct.run(this.networkId, operationId).changes > 0
  }

  recordCheck(identifier: string, check: ChainCheck, nowMs: number): void {
    if (check.outcome === 'unchecked') return
    const reasons = check.outcome === 'failed' ? JSON.stringify(check.reasons) : null
    this.writeCheck.run(check.outcome, reasons, nowMs, identifier, this.networkId)
  }
}

function rowValues(payment: Payment, networkId: NetworkId, nowMs: number) {
  const flag = (value: boolean): 0 | 1 => (value ? 1 : 0)
  return {
    identifier: payment.identifier,
    network_id: networkId,
    user_uid: payment.userUid,
    amount_stroops: payment.amount,
    memo: payment.memo,
    metadata_json: JSON.stringify(payment.metadata),
    from_address: payment.fromAddress,
    to_address: payment.toAddress,
    direction: payment.direction,
    created_at: payment.createdAt.getTime(),
    network: payment.network,
    developer_approved: flag(payment.status.developerApproved),
    transaction_verified: flag(payment.status.transactionVerified),
    developer_completed: flag(payment.status.developerCompleted),
    cancelled: flag(payment.status.cancelled),
    user_cancelled: flag(payment.status.userCancelled),
    txid: payment.transaction?.txid ?? null,
    tx_verified: payment.transaction === null ? null : flag(payment.transaction.verified),
    tx_link: payment.transaction?.horizonLink ?? null,
    now: nowMs
  }
}
