// Live mode: Horizon's payments stream from the saved cursor, each burst of records stored through
// the same page step as a sync (one transaction, cursor included), then looked up on Pi and
// checked like any other.
//
// Invariant: nothing is lost between the stream and the cursor. The stream skips a record it
// cannot read; when it says so, the next burst is not stored on top of the gap: the engine pages
// from the saved cursor instead (the pager reports the unreadable record) and only then carries
// on. A failure while storing is handled the same way, so records taken off the queue are never
// dropped.
import type { AccountPaymentRecord } from '../horizon'
import { isPaymentIdentifier } from '../../shared/payments'
import { chainEntryOf, isPagingToken, isSkippedRecord, type ChainEntry, type SkippedRecord } from '../payments'
import { readChain } from './chain-step'
import type { SyncContext } from './context'
import { resolveOperations } from './pi-steps'
import { sweepUnchecked, verifyPayments } from './verify-step'

/** Payments asked about per query (well under SQLite's bound-parameter limit). */
const CHECK_BATCH = 500

export interface FollowOptions {
  /** Live mode runs until this aborts. */
  readonly signal: AbortSignal
  /** A failure the live mode recovers from (it pages from the cursor and carries on). */
  readonly onError?: (error: unknown) => void
  /** The ledger changed (the router emits `ledger:changed`). */
  readonly onChange?: () => void
  /** Wait after a failure before paging again; default 5 s. */
  readonly retryDelayMs?: number
}

export async function followPayments(context: SyncContext, options: FollowOptions): Promise<void> {
  const { signal } = options
  const report = (error: unknown): void => {
    try {
      options.onError?.(error)
    } catch {
      // A listener's failure is not the live mode's.
    }
  }
  const changed = (): void => {
    try {
      options.onChange?.()
    } catch {
      // Same.
    }
  }

  await catchUp(context)
  changed()
  const queue: AccountPaymentRecord[] = []
  let gap = false
  let wake: (() => void) | null = null
  const notify = (): void => {
    wake?.()
    wake = null
  }
  const stop = context.horizon.streamPayments({
    account: context.appWallet,
    // '0' is the start of history: an empty wallet must not miss what arrives while connecting.
    cursor: (await context.chain.cursor(context.stream)) ?? '0',
    onPayment: (record) => {
      queue.push(record)
      notify()
    },
    onError: (error) => {
      if (error.code === 'horizon_malformed_answer') {
        gap = true
        notify()
      }
      report(error)
    }
  })
  signal.addEventListener('abort', notify)
  try {
    while (!signal.aborted) {
      if (queue.length === 0 && !gap) {
        await new Promise<void>((resolve) => {
          wake = resolve
        })
        continue
      }
      try {
        if (gap) {
          gap = false
          queue.length = 0
          await catchUp(context)
        } else {
          await storeBurst(context, queue.splice(0))
        }
        changed()
      } catch (error) {
        report(error)
        gap = true
        await pause(options.retryDelayMs ?? 5_000, signal)
      }
    }
  } finally {
    stop()
    signal.removeEventListener('abort', notify)
  }
}

/** Pages from the cursor to the end, then resolves and checks what is pending. */
async function catchUp(context: SyncContext): Promise<void> {
  if ((await readChain(context)) === 'cancelled') return
  if ((await resolveOperations(context)) === 'cancelled') return
  await sweepUnchecked(context)
  await context.settleInvoices()
}

async function storeBurst(context: SyncContext, records: readonly AccountPaymentRecord[]): Promise<void> {
  const entries: ChainEntry[] = []
  const skipped: SkippedRecord[] = []
  let cursor: string | null = null
  for (const record of records) {
    const entry = chainEntryOf(record)
    if (isSkippedRecord(entry)) skipped.push(entry)
    else entries.push(entry)
    if (isPagingToken(record.pagingToken)) cursor = record.pagingToken
  }
  await context.chain.storePage({ entries, cursor }, context.stream, context.now().getTime(), () =>
    context.hooks.beforeCommit?.('chain_page')
  )
  await context.settleInvoices()
  for (const item of skipped) context.report.skip({ kind: 'chain_record', ref: item.pagingToken, problem: item.problem })

  const touched = new Set<string>()
  for (const entry of entries) {
    const memo = entry.kind === 'operation' && entry.transaction.memoType === 'text' ? entry.transaction.memo : null
    if (memo !== null && isPaymentIdentifier(memo)) touched.add(memo)
  }
  await resolveOperations(context, (identifier) => touched.add(identifier))
  const unchecked = await stillUnchecked(context, [...touched])
  if (unchecked.length > 0) await verifyPayments(context, unchecked)
}

/** Of these payments of this network, the ones whose check is to be done, in the order given. */
async function stillUnchecked(context: SyncContext, identifiers: readonly string[]): Promise<string[]> {
  const unchecked = new Set<string>()
  for (let start = 0; start < identifiers.length; start += CHECK_BATCH) {
    const rows = await context.store.db
      .selectFrom('payments')
      .select('identifier')
      .where('identifier', 'in', identifiers.slice(start, start + CHECK_BATCH))
      .where('network_id', '=', context.networkId)
      .where('chain_check', '=', 'unchecked')
      .execute()
    for (const row of rows) unchecked.add(row.identifier)
  }
  return identifiers.filter((identifier) => unchecked.has(identifier))
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done)
  })
}
