// "Search the chain before signing" (design.md, invariant 4): before a payout signs a new envelope,
// the app wallet's transactions are searched for one whose text memo is the Pi payment identifier,
// in case an earlier envelope landed while the app was not looking (crash, Horizon 504). Failed
// transactions are included: they used up a sequence number, and the journal must know of them.
import { UserFacingError } from '../../shared/errors'
import { readPageRecords, readTransaction } from './readers'
import type { TransactionRecord } from './records'
import { NOT_FOUND, type HorizonTransport } from './transport'

export interface MemoSearchOptions {
  /** Start after this paging token (e.g. the last one seen before the payout was intended). */
  readonly sinceCursor?: string | null
  /** Stop after this many pages (200 transactions each); default: search to the end. */
  readonly maxPages?: number
  /**
   * Search newest first and stop at transactions older than this: a payout's transaction cannot
   * predate its Pi payment, and a busy wallet's whole history is thousands of pages.
   */
  readonly notBefore?: Date
}

const PAGE = 200
const MAX_MEMO_BYTES = 28

/** The first successful transaction with memo = text(memo); else the last failed one; else null. */
export async function findTransactionByMemo(
  transport: HorizonTransport,
  account: string,
  memo: string,
  options: MemoSearchOptions
): Promise<TransactionRecord | null> {
  const newestFirst = options.notBefore !== undefined
  let failedMatch: TransactionRecord | null = null
  let found: TransactionRecord | null = null
  await searchByMemo(transport, account, memo, options, (transaction) => {
    if (transaction.successful) {
      found = transaction
      return 'stop'
    }
    // Newest failed one either way (the first seen when searching newest first).
    if (!newestFirst || failedMatch === null) failedMatch = transaction
    return 'more'
  })
  return found ?? failedMatch
}

/**
 * Every transaction of the account carrying memo = text(memo), successful or not, in the order
 * searched (newest first when `notBefore` is given). Anyone can write any memo: the caller decides
 * which of them, if any, is the payment it looks for.
 */
export async function transactionsByMemo(
  transport: HorizonTransport,
  account: string,
  memo: string,
  options: MemoSearchOptions
): Promise<TransactionRecord[]> {
  const matches: TransactionRecord[] = []
  await searchByMemo(transport, account, memo, options, (transaction) => {
    matches.push(transaction)
    return 'more'
  })
  return matches
}

async function searchByMemo(
  transport: HorizonTransport,
  account: string,
  memo: string,
  options: MemoSearchOptions,
  visit: (transaction: TransactionRecord) => 'stop' | 'more'
): Promise<void> {
  if (typeof memo !== 'string' || memo === '' || Buffer.byteLength(memo, 'utf8') > MAX_MEMO_BYTES) {
    throw new UserFacingError('invalid_memo', 'A transaction memo is 1 to 28 bytes of text (a Pi payment id).')
  }
  const notBefore = options.notBefore ?? null
  let cursor = options.sinceCursor ?? null
  for (let page = 0; options.maxPages === undefined || page < options.maxPages; page += 1) {
    const since = cursor
    const json = await transport.readOrNotFound((server) => {
      const builder = server
        .transactions()
        .forAccount(account)
        .includeFailed(true)
        .order(notBefore === null ? 'asc' : 'desc')
        .limit(PAGE)
      return (since === null ? builder : builder.cursor(since)).call()
    })
    if (json === NOT_FOUND) return
    const records = readPageRecords(json)
    for (const [index, raw] of records.entries()) {
      const transaction = readTransaction(raw, `records.${index}`)
      if (notBefore !== null && transaction.createdAt.getTime() < notBefore.getTime()) return
      if (transaction.memoType === 'text' && transaction.memo === memo && visit(transaction) === 'stop') return
      cursor = transaction.pagingToken
    }
    if (records.length < PAGE) return
  }
}
