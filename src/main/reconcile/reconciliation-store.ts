// Saved reconciliations (0003): a run and its items are written in ONE transaction, exactly as they
// were found; afterwards only an item's resolution is ever written, once, together with its audit
// entry (invariant 7: who, when, what, before and after, in the same transaction).
import type SqliteDatabase from 'better-sqlite3'
import { runAudited } from '../audit'
import type { MerchantDb } from '../db'
import { DISCREPANCY_TYPES, type DiscrepancyType } from '../../shared/contract/reconcile'
import { UserFacingError } from '../../shared/errors'
import type { NetworkId } from '../../shared/network'
import type { ReconciliationResult } from './types'

export interface RunRow {
  readonly id: bigint
  readonly network_id: NetworkId
  readonly app_wallet: string
  readonly period_from: string
  readonly period_to: string
  readonly time_zone: string
  readonly period_start: bigint
  readonly period_end: bigint
  readonly thresholds_json: string
  readonly requested_by: string
  readonly started_at: bigint
  readonly finished_at: bigint
  readonly payments_checked: bigint
  readonly pi_records_read: bigint
  readonly transactions_checked: bigint
  readonly item_count: bigint
  readonly opening_stroops: bigint
  readonly opening_source: 'history' | 'balance'
  readonly received_stroops: bigint
  readonly paid_stroops: bigint
  readonly fees_stroops: bigint
  readonly after_period_stroops: bigint
  readonly horizon_balance_stroops: bigint
  readonly difference_stroops: bigint
  readonly history_behind: bigint
}

export interface ItemRow {
  readonly id: bigint
  readonly run_id: bigint
  readonly type: DiscrepancyType
  readonly subject_kind: 'payment' | 'transaction' | 'wallet'
  readonly subject: string
  readonly payment_identifier: string | null
  readonly txid: string | null
  readonly amount_stroops: bigint | null
  readonly evidence_json: string
  readonly sentence: string
  readonly resolved_at: bigint | null
  readonly resolved_by: string | null
  readonly resolution_note: string | null
}

/** A run with how many items it has of each type, and how many of them are still open. */
export interface StoredRun {
  readonly run: RunRow
  readonly counts: Readonly<Record<DiscrepancyType, number>>
  /** Of those, how many are not resolved yet. */
  readonly open: Readonly<Record<DiscrepancyType, number>>
  readonly unresolved: number
}

export class ReconciliationStore {
  constructor(private readonly store: Pick<MerchantDb, 'sqlite' | 'now'>) {}

  private get sqlite(): SqliteDatabase.Database {
    return this.store.sqlite
  }

  /** Saves the run and its items; returns the run's id. */
  save(result: ReconciliationResult, requestedBy: string): number {
    const insertRun = this.sqlite.prepare(
      `INSERT INTO reconciliation_runs (network_id, app_wallet, period_from, period_to, time_zone, period_start, period_end,
         thresholds_json, requested_by, started_at, finished_at, payments_checked, pi_records_read, transactions_checked,
         item_count, opening_stroops, opening_source, received_stroops, paid_stroops, fees_stroops, after_period_stroops,
         horizon_balance_stroops, difference_stroops, history_behind)
       VALUES (@network_id, @app_wallet, @period_from, @period_to, @time_zone, @period_start, @period_end,
         @thresholds_json, @requested_by, @started_at, @finished_at, @payments_checked, @pi_records_read, @transactions_checked,
         @item_count, @opening_stroops, @opening_source, @received_stroops, @paid_stroops, @fees_stroops, @after_period_stroops,
         @horizon_balance_stroops, @difference_stroops, @history_behind)`
    )
    const insertItem = this.sqlite.prepare(
      `INSERT INTO reconciliation_items (run_id, type, subject_kind, subject, payment_identifier, txid, amount_stroops, evidence_json, sentence)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    const { period, walletCheck: wallet } = result
    return this.sqlite
      .transaction(() => {
        const inserted = insertRun.run({
          network_id: result.networkId,
          app_wallet: result.appWallet,
          period_from: period.from,
          period_to: period.to,
          time_zone: period.timeZone,
          period_start: period.startMs,
          period_end: period.endMs,
          thresholds_json: JSON.stringify(result.thresholds),
          requested_by: requestedBy,
          started_at: result.startedAt.getTime(),
          finished_at: result.finishedAt.getTime(),
          payments_checked: result.paymentsChecked,
          pi_records_read: result.piRecordsRead,
          transactions_checked: result.transactionsChecked,
          item_count: result.discrepancies.length,
          opening_stroops: wallet.opening,
          opening_source: wallet.openingSource,
          received_stroops: wallet.received,
          paid_stroops: wallet.paid,
          fees_stroops: wallet.fees,
          after_period_stroops: wallet.afterPeriod,
          horizon_balance_stroops: wallet.horizonBalance,
          difference_stroops: wallet.difference,
          history_behind: wallet.historyBehind ? 1 : 0
        })
        const runId = inserted.lastInsertRowid
        for (const item of result.discrepancies) {
          insertItem.run(
            runId,
            item.type,
            item.subjectKind,
            item.subject,
            item.paymentId,
            item.txid,
            item.amount,
            JSON.stringify(item.evidence),
            item.sentence
          )
        }
        return Number(runId)
      })
      .immediate()
  }

  /** The latest runs of a network, newest first. */
  list(networkId: NetworkId, limit: number): StoredRun[] {
    const runs = this.sqlite
      .prepare<[string, number], RunRow>('SELECT * FROM reconciliation_runs WHERE network_id = ? ORDER BY id DESC LIMIT ?')
      .all(networkId, limit)
    return runs.map((run) => this.withCounts(run))
  }

  run(runId: number): StoredRun {
    const run = this.sqlite.prepare<[number], RunRow>('SELECT * FROM reconciliation_runs WHERE id = ?').get(runId)
    if (run === undefined) throw new UserFacingError('reconciliation_not_found', `There is no reconciliation number ${runId}.`)
    return this.withCounts(run)
  }

  /** The items of a run of one type, in the order found; at most `limit`. */
  items(runId: number, type: DiscrepancyType, limit: number): ItemRow[] {
    return this.sqlite
      .prepare<[number, string, number], ItemRow>('SELECT * FROM reconciliation_items WHERE run_id = ? AND type = ? ORDER BY id LIMIT ?')
      .all(runId, type, limit)
  }

  item(itemId: number): ItemRow {
    const item = this.sqlite.prepare<[number], ItemRow>('SELECT * FROM reconciliation_items WHERE id = ?').get(itemId)
    if (item === undefined) throw new UserFacingError('reconciliation_item_not_found', `There is no reconciliation item number ${itemId}.`)
    return item
  }

  /** Marks one item settled, audited as `reconciliation.resolve`; an item is resolved once. */
  resolve(itemId: number, note: string, actor: string): ItemRow {
    const text = note.trim()
    if (text === '' || text.length > 1000) {
      throw new UserFacingError('invalid_resolution_note', 'Say in a few words (at most 1000 characters) what was done about it.')
    }
    const { value } = runAudited(this.store, () => {
      const before = this.item(itemId)
      if (before.resolved_at !== null) {
        throw new UserFacingError(
          'reconciliation_item_resolved',
          `Item ${itemId} was already resolved by ${before.resolved_by ?? 'someone'}: "${before.resolution_note ?? ''}".`
        )
      }
      const at = this.store.now().getTime()
      this.sqlite
        .prepare('UPDATE reconciliation_items SET resolved_at = ?, resolved_by = ?, resolution_note = ? WHERE id = ? AND resolved_at IS NULL')
        .run(at, actor, text, itemId)
      const after = this.item(itemId)
      return {
        value: after,
        audit: {
          actor,
          action: 'reconciliation.resolve',
          subject: before.payment_identifier ?? before.subject,
          before: { item: Number(before.id), run: Number(before.run_id), type: before.type, subject: before.subject, resolved: false },
          after: { item: Number(after.id), run: Number(after.run_id), type: after.type, subject: after.subject, resolved: true, note: text },
          at: new Date(at)
        }
      }
    })
    return value
  }

  private withCounts(run: RunRow): StoredRun {
    const grouped = this.sqlite
      .prepare<[bigint], { type: DiscrepancyType; count: bigint; unresolved: bigint }>(
        `SELECT type, count(*) AS count, count(*) - count(resolved_at) AS unresolved
         FROM reconciliation_items WHERE run_id = ? GROUP BY type`
      )
      .all(run.id)
    const zeros = () => Object.fromEntries(DISCREPANCY_TYPES.map((type) => [type, 0])) as Record<DiscrepancyType, number>
    const counts = zeros()
    const open = zeros()
    let unresolved = 0
    for (const group of grouped) {
      counts[group.type] = Number(group.count)
      open[group.type] = Number(group.unresolved)
      unresolved += Number(group.unresolved)
    }
    return { run, counts, open, unresolved }
  }
}
