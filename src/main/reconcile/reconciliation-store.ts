// Saved reconciliations (0003): a run and its items are written in ONE transaction, exactly as they
// were found; afterwards only an item's resolution is ever written, once, together with its audit
// entry (invariant 7: who, when, what, before and after, in the same transaction).
import type { Selectable } from 'kysely'
import { runAudited } from '../audit'
import { toFlag, withTransaction, type MerchantDb, type ReconciliationItemsTable, type ReconciliationRunsTable } from '../db'
import { DISCREPANCY_TYPES, type DiscrepancyType } from '../../shared/contract/reconcile'
import { UserFacingError } from '../../shared/errors'
import type { NetworkId } from '../../shared/network'
import type { ReconciliationResult } from './types'

/** A saved run as stored (schema.ts): the report keeps exactly what was found. */
export type RunRow = Selectable<ReconciliationRunsTable>

/** A saved item as stored (schema.ts); only its resolution is ever written after the run. */
export type ItemRow = Selectable<ReconciliationItemsTable>

/** A run with how many items it has of each type, and how many of them are still open. */
export interface StoredRun {
  readonly run: RunRow
  readonly counts: Readonly<Record<DiscrepancyType, number>>
  /** Of those, how many are not resolved yet. */
  readonly open: Readonly<Record<DiscrepancyType, number>>
  readonly unresolved: number
}

export class ReconciliationStore {
  constructor(private readonly store: MerchantDb) {}

  /** Saves the run and its items; returns the run's id. */
  async save(result: ReconciliationResult, requestedBy: string): Promise<number> {
    const { period, walletCheck: wallet } = result
    return withTransaction(this.store, async (tx) => {
      const inserted = await tx.db
        .insertInto('reconciliation_runs')
        .values({
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
          history_behind: toFlag(wallet.historyBehind)
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const runId = inserted.id
      // In batches: a run of a big shop can hold thousands of items, one statement each would be slow.
      for (let start = 0; start < result.discrepancies.length; start += ITEM_BATCH) {
        await tx.db
          .insertInto('reconciliation_items')
          .values(
            result.discrepancies.slice(start, start + ITEM_BATCH).map((item) => ({
              run_id: runId,
              type: item.type,
              subject_kind: item.subjectKind,
              subject: item.subject,
              payment_identifier: item.paymentId,
              txid: item.txid,
              amount_stroops: item.amount,
              evidence_json: JSON.stringify(item.evidence),
              sentence: item.sentence
            }))
          )
          .execute()
      }
      return Number(runId)
    })
  }

  /** The latest runs of a network, newest first. */
  async list(networkId: NetworkId, limit: number): Promise<StoredRun[]> {
    const runs = await this.store.db
      .selectFrom('reconciliation_runs')
      .selectAll()
      .where('network_id', '=', networkId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    const stored: StoredRun[] = []
    for (const run of runs) stored.push(await this.withCounts(run))
    return stored
  }

  async run(runId: number): Promise<StoredRun> {
    const run = await this.store.db.selectFrom('reconciliation_runs').selectAll().where('id', '=', BigInt(runId)).executeTakeFirst()
    if (run === undefined) throw new UserFacingError('reconciliation_not_found', `There is no reconciliation number ${runId}.`)
    return this.withCounts(run)
  }

  /** The items of a run of one type, in the order found; at most `limit`. */
  items(runId: number, type: DiscrepancyType, limit: number): Promise<ItemRow[]> {
    return this.store.db
      .selectFrom('reconciliation_items')
      .selectAll()
      .where('run_id', '=', BigInt(runId))
      .where('type', '=', type)
      .orderBy('id')
      .limit(limit)
      .execute()
  }

  item(itemId: number): Promise<ItemRow> {
    return itemOf(this.store, itemId)
  }

  /** Marks one item settled, audited as `reconciliation.resolve`; an item is resolved once. */
  async resolve(itemId: number, note: string, actor: string): Promise<ItemRow> {
    const text = note.trim()
    if (text === '' || text.length > 1000) {
      throw new UserFacingError('invalid_resolution_note', 'Say in a few words (at most 1000 characters) what was done about it.')
    }
    const { value } = await runAudited(this.store, async (tx) => {
      const before = await itemOf(tx, itemId)
      if (before.resolved_at !== null) {
        throw new UserFacingError(
          'reconciliation_item_resolved',
          `Item ${itemId} was already resolved by ${before.resolved_by ?? 'someone'}: "${before.resolution_note ?? ''}".`
        )
      }
      const at = tx.now().getTime()
      await tx.db
        .updateTable('reconciliation_items')
        .set({ resolved_at: at, resolved_by: actor, resolution_note: text })
        .where('id', '=', BigInt(itemId))
        .where('resolved_at', 'is', null)
        .execute()
      const after = await itemOf(tx, itemId)
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

  private async withCounts(run: RunRow): Promise<StoredRun> {
    const grouped = await this.store.db
      .selectFrom('reconciliation_items')
      .select((eb) => ['type', eb.fn.countAll<bigint>().as('count'), eb(eb.fn.countAll<bigint>(), '-', eb.fn.count<bigint>('resolved_at')).as('unresolved')])
      .where('run_id', '=', run.id)
      .groupBy('type')
      .execute()
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

const ITEM_BATCH = 200

async function itemOf(store: Pick<MerchantDb, 'db'>, itemId: number): Promise<ItemRow> {
  const item = await store.db.selectFrom('reconciliation_items').selectAll().where('id', '=', BigInt(itemId)).executeTakeFirst()
  if (item === undefined) throw new UserFacingError('reconciliation_item_not_found', `There is no reconciliation item number ${itemId}.`)
  return item
}
