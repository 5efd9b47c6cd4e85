// Reads the app wallet's payments from Horizon a page at a time (200, join=transactions, failed
// transactions included: a buyer's failed attempt is evidence too), as rows ready to store.
//
// Two readers. The strict one goes through HorizonClient.paymentsPage, which refuses a whole page
// when one record is malformed: the run then stops with a clear error and the cursor stays before
// that page. The tolerant one reads the same URL through the Horizon transport and validates each
// record on its own, so one malformed record is skipped and reported while the rest of the page
// is stored. It exists because HorizonClient has no per-record mode yet.
import { parseServerUrl, realSleep, resolveRetryPolicy, type Random, type RetryPolicy, type Sleep } from '../http'
import {
  createHorizonTransport,
  HorizonError,
  MAX_PAGE_LIMIT,
  NOT_FOUND,
  readAccountPayment,
  readPageRecords,
  type AccountPaymentRecord
} from '../horizon'
import { UserFacingError } from '../../shared/errors'
import { chainEntryOf, isPagingToken, isSkippedRecord, type ChainEntry, type SkippedRecord } from '../payments'
import type { SyncHorizon } from './ports'

export interface ChainPage {
  readonly entries: readonly ChainEntry[]
  readonly skipped: readonly SkippedRecord[]
  /** Where the next page starts: the last record's paging token (the cursor given when empty). */
  readonly cursor: string | null
  /** Fewer records than asked for: the end of the history, for now. */
  readonly lastPage: boolean
}

/** One page of the app wallet's payments after `cursor` (null: from the very beginning). */
export type PaymentsPageReader = (cursor: string | null) => Promise<ChainPage>

export const SYNC_PAGE_LIMIT = MAX_PAGE_LIMIT

export function strictPageReader(horizon: SyncHorizon, account: string, limit = SYNC_PAGE_LIMIT): PaymentsPageReader {
  return async (cursor) => {
    const page = await horizon.paymentsPage({ account, cursor, limit })
    return { ...splitEntries(page.records), cursor: page.cursor, lastPage: page.lastPage }
  }
}

export interface TolerantPageReaderOptions {
  /** The Horizon URL the HorizonClient was built with. */
  readonly url: string
  /** The app wallet. */
  readonly account: string
  readonly limit?: number
  readonly timeoutMs?: number
  readonly retry?: Partial<RetryPolicy>
  readonly sleep?: Sleep
  readonly random?: Random
}

export function createTolerantPageReader(options: TolerantPageReaderOptions): PaymentsPageReader {
  const url = parseServerUrl(options.url)
  if (url === null) {
    throw new UserFacingError('invalid_horizon_url', 'The Horizon address must be an https:// address (plain http only for this computer).')
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  const limit = options.limit ?? SYNC_PAGE_LIMIT
  const transport = createHorizonTransport({
    url,
    timeoutMs: options.timeoutMs ?? 20_000,
    submitTimeoutMs: options.timeoutMs ?? 20_000,
    retry: resolveRetryPolicy(options.retry),
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    now: Date.now
  })

  return async (cursor) => {
    const json = await transport.readOrNotFound((server) => {
      const builder = server.payments().forAccount(options.account).join('transactions').includeFailed(true).order('asc').limit(limit)
      return (cursor === null ? builder : builder.cursor(cursor)).call()
    })
    // An account that never existed on this network has no history yet.
    const raw = json === NOT_FOUND ? [] : readPageRecords(json)
    const entries: ChainEntry[] = []
    const skipped: SkippedRecord[] = []
    let next = cursor
    raw.forEach((record, index) => {
      const token = (record as { paging_token?: unknown } | null)?.paging_token
      let read: AccountPaymentRecord
      try {
        read = readAccountPayment(record, `records.${index}`)
      } catch (error) {
        if (!(error instanceof HorizonError)) throw error
        skipped.push({ pagingToken: isPagingToken(token) ? token : null, problem: error.message })
        if (isPagingToken(token)) next = token
        return
      }
      const entry = chainEntryOf(read)
      if (isSkippedRecord(entry)) skipped.push(entry)
      else entries.push(entry)
      if (isPagingToken(read.pagingToken)) next = read.pagingToken
    })
    return { entries, skipped, cursor: next, lastPage: raw.length < limit }
  }
}

function splitEntries(records: readonly AccountPaymentRecord[]): Pick<ChainPage, 'entries' | 'skipped'> {
  const entries: ChainEntry[] = []
  const skipped: SkippedRecord[] = []
  for (const record of records) {
    const entry = chainEntryOf(record)
    if (isSkippedRecord(entry)) skipped.push(entry)
    else entries.push(entry)
  }
  return { entries, skipped }
}
