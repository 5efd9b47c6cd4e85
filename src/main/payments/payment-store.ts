// Writes Pi's payment records into the ledger. Takes a handle (the whole database or a caller's
// transaction), so a caller can put several writes in ONE transaction: a batch of payments, the
// chain operations they explain and their checks land together or not at all (invariant 5).
//
// Invariants: a row is only ever written for the network the sync runs on (a row of another
// network is left alone and reported); a payment's source says where it was FIRST learned of and
// never changes afterwards (so tracking an id never downgrades a payment found on chain), except
// that the app's own payouts always claim their rows;
// whenever what our chain check compared changes (txid, amount, addresses, direction, network),
// the check goes back to 'unchecked' so it is done again, never left standing on old facts.
//
// The sync writes thousands of rows a run, so every write here has a batch form: one statement
// for a few hundred rows costs far less than one per row.
import { sql, type Insertable } from 'kysely'
import { jsonHoldsTextAt, jsonTextAt, toFlag, type MerchantDb, type PaymentSource, type PaymentsTable } from '../db'
import type { ChainCheck, Payment } from '../../shared/payments'
import type { NetworkId } from '../../shared/network'

export type UpsertOutcome = 'inserted' | 'updated' | 'other_network'

export interface KnownPayment {
  readonly identifier: string
  readonly final: boolean
}

/** A chain operation that carries a payment's id, to be linked to it. */
export interface OperationLink {
  readonly operationId: string
  readonly identifier: string
}

/** Rows (or ids) per statement: well under SQLite's bound-parameter limit at 22 columns a row. */
export const WRITE_BATCH = 200

const EXISTING_COLUMNS = [
  'identifier',
  'network_id',
  'source',
  'txid',
  'amount_stroops',
  'from_address',
  'to_address',
  'direction',
  'network',
  'pi_final'
] as const

export class PaymentStore {
  constructor(
    private readonly store: Pick<MerchantDb, 'db'>,
    private readonly networkId: NetworkId
  ) {}

  /** The payment as stored for this network, or null (absent, or a row of another network). */
  async known(identifier: string): Promise<KnownPayment | null> {
    return (await this.knownAmong([identifier])).get(identifier) ?? null
  }

  /** Of these ids, the payments stored for this network (ids absent, or of another network, are left out). */
  async knownAmong(identifiers: Iterable<string>): Promise<Map<string, KnownPayment>> {
    const known = new Map<string, KnownPayment>()
    for (const chunk of chunks([...new Set(identifiers)], WRITE_BATCH)) {
      const rows = await this.store.db
        .selectFrom('payments')
        .select(['identifier', 'pi_final'])
        .where('identifier', 'in', chunk)
        .where('network_id', '=', this.networkId)
        .execute()
      for (const row of rows) known.set(row.identifier, { identifier: row.identifier, final: row.pi_final === 1n })
    }
    return known
  }

  /** Inserts or refreshes Pi's record; `source` is used for a new row (and 'payout' always). */
  async upsert(payment: Payment, source: PaymentSource | 'keep', nowMs: number): Promise<UpsertOutcome> {
    const [outcome] = await this.upsertMany([payment], source, nowMs)
    return outcome as UpsertOutcome
  }

  /**
   * `upsert` for several records at once, outcomes in input order: new rows go in by the few
   * hundred per statement, stored ones are refreshed one by one (the check may need resetting).
   */
  async upsertMany(payments: readonly Payment[], source: PaymentSource | 'keep', nowMs: number): Promise<UpsertOutcome[]> {
    if (new Set(payments.map((payment) => payment.identifier)).size < payments.length) {
      // The same id twice: the second refreshes what the first wrote, so keep their order.
      const outcomes: UpsertOutcome[] = []
      for (const payment of payments) outcomes.push(...(await this.upsertMany([payment], source, nowMs)))
      return outcomes
    }
    const existing = new Map<string, ExistingRow>()
    for (const chunk of chunks(payments.map((payment) => payment.identifier), WRITE_BATCH)) {
      const rows = await this.store.db.selectFrom('payments').select(EXISTING_COLUMNS).where('identifier', 'in', chunk).execute()
      for (const row of rows) existing.set(row.identifier, row)
    }

    const outcomes: UpsertOutcome[] = []
    const inserts: Insertable<PaymentsTable>[] = []
    for (const payment of payments) {
      const stored = existing.get(payment.identifier)
      if (stored !== undefined && stored.network_id !== this.networkId) {
        outcomes.push('other_network')
        continue
      }
      const values = rowValues(payment, this.networkId)
      if (stored === undefined) {
        inserts.push({ ...values, source: source === 'keep' ? 'chain' : source, first_seen_at: nowMs, last_polled_at: nowMs })
        outcomes.push('inserted')
        continue
      }
      const recheck =
        stored.txid !== values.txid ||
        stored.amount_stroops !== values.amount_stroops ||
        stored.from_address !== values.from_address ||
        stored.to_address !== values.to_address ||
        stored.direction !== values.direction ||
        stored.network !== values.network
      await this.store.db
        .updateTable('payments')
        .set({
          ...values,
          source: source === 'payout' ? 'payout' : stored.source,
          last_polled_at: nowMs,
          ...(recheck ? { chain_check: 'unchecked' as const, chain_check_reasons_json: null, chain_checked_at: null } : {})
        })
        .where('identifier', '=', payment.identifier)
        .execute()
      outcomes.push('updated')
    }
    for (const chunk of chunks(inserts, WRITE_BATCH)) await this.store.db.insertInto('payments').values(chunk).execute()
    return outcomes
  }

  /**
   * Links app-to-user payments to the sale they refund, when their metadata names it
   * (`refund_of`: the journal's own refunds, and the convention of Pi's refund examples), so the
   * sale's detail, the refund cap and exports see refunds made outside this app too. Only ever
   * fills an empty link, and only to a sale of the same network. Returns how many it linked.
   */
  async linkRefundsToSales(): Promise<number> {
    const named = jsonTextAt(this.store.db, 'payments.metadata_json', 'refund_of')
    const result = await this.store.db
      .updateTable('payments')
      .set({ refund_of: named })
      .where('network_id', '=', this.networkId)
      .where('direction', '=', 'app_to_user')
      .where('refund_of', 'is', null)
      .where(jsonHoldsTextAt(this.store.db, 'payments.metadata_json', 'refund_of'))
      .where((eb) => eb(named, '<>', eb.ref('payments.identifier')))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('payments as sale')
            .select(sql.lit(1).as('one'))
            .where((inner) => inner('sale.identifier', '=', named))
            .where('sale.network_id', '=', this.networkId)
            .where('sale.direction', '=', 'user_to_app')
        )
      )
      .executeTakeFirst()
    return Number(result.numUpdatedRows)
  }

  /** Marks an unresolved operation as this payment's; false when it was already classified. */
  async linkOperation(operationId: string, identifier: string): Promise<boolean> {
    return (await this.linkOperations([{ operationId, identifier }])).length > 0
  }

  /**
   * Marks unresolved operations as their payments' (the ones already classified are left as
   * they are) and returns the links made; a check that read the linked operations is stale.
   */
  async linkOperations(links: readonly OperationLink[]): Promise<OperationLink[]> {
    const linked: OperationLink[] = []
    for (const chunk of chunks(links, WRITE_BATCH)) {
      // One statement for the chunk: each operation gets its own payment's id.
      const identifierOf = sql<string>`CASE ${sql.ref('id')} ${sql.join(
        chunk.map((link) => sql`WHEN ${link.operationId} THEN ${link.identifier}`),
        sql` `
      )} END`
      const rows = await this.store.db
        .updateTable('chain_operations')
        .set({ classification: 'pi_payment', payment_identifier: identifierOf })
        .where('network_id', '=', this.networkId)
        .where(
          'id',
          'in',
          chunk.map((link) => link.operationId)
        )
        .where('classification', '=', 'unresolved')
        .returning(['id', 'payment_identifier'])
        .execute()
      for (const row of rows) linked.push({ operationId: row.id, identifier: row.payment_identifier as string })
    }
    await this.noteNewEvidence(linked.map((link) => link.identifier))
    return linked
  }

  /** Operations were just linked to these payments: a check that read the linked operations is stale. */
  async noteNewEvidence(identifiers: readonly string[]): Promise<void> {
    // Without a txid from Pi, the check reads the linked operations: a new one is new evidence.
    for (const chunk of chunks([...new Set(identifiers)], WRITE_BATCH)) {
      await this.store.db
        .updateTable('payments')
        .set({ chain_check: 'unchecked', chain_check_reasons_json: null, chain_checked_at: null })
        .where('identifier', 'in', chunk)
        .where('txid', 'is', null)
        .where('chain_check', '<>', 'unchecked')
        .execute()
    }
  }

  async markDirectTransfer(operationId: string): Promise<boolean> {
    return (await this.markDirectTransfers([operationId])) > 0
  }

  /** Unresolved operations whose memo is no Pi payment; returns how many were still unresolved. */
  async markDirectTransfers(operationIds: readonly string[]): Promise<number> {
    let marked = 0
    for (const chunk of chunks(operationIds, WRITE_BATCH)) {
      const result = await this.store.db
        .updateTable('chain_operations')
        .set({ classification: 'direct_transfer' })
        .where('network_id', '=', this.networkId)
        .where('id', 'in', chunk)
        .where('classification', '=', 'unresolved')
        .executeTakeFirst()
      marked += Number(result.numUpdatedRows)
    }
    return marked
  }

  async recordCheck(identifier: string, check: ChainCheck, nowMs: number): Promise<void> {
    await this.recordChecks([{ identifier, check }], nowMs)
  }

  /** Stores verdicts; the same verdict for many payments is one statement. */
  async recordChecks(verdicts: readonly { readonly identifier: string; readonly check: ChainCheck }[], nowMs: number): Promise<void> {
    const byVerdict = new Map<string, { outcome: 'verified' | 'failed'; reasons: string | null; identifiers: string[] }>()
    for (const { identifier, check } of verdicts) {
      if (check.outcome === 'unchecked') continue
      const reasons = check.outcome === 'failed' ? JSON.stringify(check.reasons) : null
      const key = `${check.outcome}:${reasons ?? ''}`
      const group = byVerdict.get(key) ?? { outcome: check.outcome, reasons, identifiers: [] }
      group.identifiers.push(identifier)
      byVerdict.set(key, group)
    }
    for (const { outcome, reasons, identifiers } of byVerdict.values()) {
      for (const chunk of chunks(identifiers, WRITE_BATCH)) {
        await this.store.db
          .updateTable('payments')
          .set({ chain_check: outcome, chain_check_reasons_json: reasons, chain_checked_at: nowMs })
          .where('identifier', 'in', chunk)
          .where('network_id', '=', this.networkId)
          .execute()
      }
    }
  }
}

interface ExistingRow {
  readonly network_id: string
  readonly source: PaymentSource
  readonly txid: string | null
  readonly amount_stroops: bigint
  readonly from_address: string
  readonly to_address: string
  readonly direction: string
  readonly network: string
}

function rowValues(payment: Payment, networkId: NetworkId) {
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
    developer_approved: toFlag(payment.status.developerApproved),
    transaction_verified: toFlag(payment.status.transactionVerified),
    developer_completed: toFlag(payment.status.developerCompleted),
    cancelled: toFlag(payment.status.cancelled),
    user_cancelled: toFlag(payment.status.userCancelled),
    txid: payment.transaction?.txid ?? null,
    tx_verified: payment.transaction === null ? null : toFlag(payment.transaction.verified),
    tx_link: payment.transaction?.horizonLink ?? null
  }
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size))
  return out
}
