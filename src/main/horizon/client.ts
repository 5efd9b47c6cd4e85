// The app's client for Pi's Horizon (pi-platform.md §4), over @stellar/stellar-sdk's Horizon.Server.
// Reads are validated into typed records (amounts in stroops) and retried with backoff; the one
// write, submitTransaction, is never retried here and reports "unknown" rather than guess.
import { UserFacingError } from '../../shared/errors'
import { ACCOUNT_ADDRESS_PATTERN } from '../../shared/payments'
import { parseServerUrl, realSleep, resolveRetryPolicy, type Random, type RetryPolicy, type Sleep } from '../http'
import { wrongNetworkSentence } from './error-messages'
import { HorizonError, malformedHorizonAnswer } from './errors'
import { findTransactionByMemo, transactionsByMemo, type MemoSearchOptions } from './memo-search'
import { readAccountPayment, readOperation, readPageRecords, readTransaction, readWith, type AccountPaymentRecord } from './readers'
import {
  accountSchema,
  feeStatsSchema,
  ledgerSchema,
  rootSchema,
  type AccountRecord,
  type ChainOperation,
  type FeeStats,
  type LedgerRecord,
  type TransactionRecord
} from './records'
import { streamPayments, type PaymentStreamOptions } from './stream'
import { submitEnvelope, type SubmitOutcome } from './submit'
import { createHorizonTransport, NOT_FOUND } from './transport'

export interface HorizonClientOptions {
  /** "https://api.testnet.minepi.com", or the sandbox's loopback URL. */
  readonly url: string
  /** "Pi Network" or "Pi Testnet": what this Horizon must serve. */
  readonly expectedPassphrase: string
  /** Per read; submissions use submitTimeoutMs. */
  readonly timeoutMs?: number
  readonly submitTimeoutMs?: number
  readonly retry?: Partial<RetryPolicy>
  readonly sleep?: Sleep
  readonly random?: Random
  readonly now?: () => number
}

export interface HorizonNetworkInfo {
  readonly passphrase: string
  readonly horizonVersion: string | null
  readonly coreVersion: string | null
  readonly historyLatestLedger: number | null
}

export interface PaymentsPage {
  readonly records: readonly AccountPaymentRecord[]
  /** Where the next page starts: the last record's paging token, or the cursor given when empty. */
  readonly cursor: string | null
  /** Fewer records than asked for: this was the end, for now. */
  readonly lastPage: boolean
}

export interface HorizonClient {
  readonly expectedPassphrase: string
  checkNetwork(): Promise<HorizonNetworkInfo>
  paymentsPage(args: { readonly account: string; readonly cursor?: string | null; readonly limit?: number }): Promise<PaymentsPage>
  transaction(hash: string): Promise<TransactionRecord | null>
  transactionOperations(hash: string): Promise<ChainOperation[] | null>
  account(address: string): Promise<AccountRecord | null>
  feeStats(): Promise<FeeStats>
  latestLedger(): Promise<LedgerRecord>
  findTransactionByMemo(account: string, memo: string, options?: MemoSearchOptions): Promise<TransactionRecord | null>
  /** Every transaction of the account with this text memo, successful or failed (see memo-search.ts). */
  transactionsByMemo(account: string, memo: string, options?: MemoSearchOptions): Promise<TransactionRecord[]>
  submitTransaction(envelopeXdr: string): Promise<SubmitOutcome>
  /** Returns stop(). */
  streamPayments(options: PaymentStreamOptions): () => void
}

export const DEFAULT_HORIZON_TIMEOUT_MS = 20_000
export const DEFAULT_SUBMIT_TIMEOUT_MS = 60_000
export const MAX_PAGE_LIMIT = 200

export function createHorizonClient(options: HorizonClientOptions): HorizonClient {
  const url = parseServerUrl(options.url)
  if (url === null) {
    throw new UserFacingError('invalid_horizon_url', 'The Horizon address must be an https:// address (plain http only for this computer).')
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  const retry = resolveRetryPolicy(options.retry)
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  const transport = createHorizonTransport({
    url,
    timeoutMs: options.timeoutMs ?? DEFAULT_HORIZON_TIMEOUT_MS,
    submitTimeoutMs: options.submitTimeoutMs ?? DEFAULT_SUBMIT_TIMEOUT_MS,
    retry,
    sleep: options.sleep ?? realSleep,
    random,
    now
  })
  const expected = options.expectedPassphrase

  const transaction = async (hash: string): Promise<TransactionRecord | null> => {
    const id = checkHash(hash)
    const json = await transport.readOrNotFound((server) => server.transactions().transaction(id).call())
    if (json === NOT_FOUND) return null
    const record = readTransaction(json)
    if (record.hash !== id) throw malformedHorizonAnswer(`hash: asked for ${id}, got ${record.hash}`)
    return record
  }

  return {
    expectedPassphrase: expected,

    async checkNetwork() {
      const root = readWith(rootSchema, await transport.read((server) => server.root()))
      if (root.network_passphrase !== expected) {
        throw new HorizonError({
          code: 'wrong_network',
          httpStatus: 200,
          message: wrongNetworkSentence(root.network_passphrase, expected)
        })
      }
      return {
        passphrase: root.network_passphrase,
        horizonVersion: root.horizon_version ?? null,
        coreVersion: root.core_version ?? null,
        historyLatestLedger: root.history_latest_ledger ?? null
      }
    },

    async paymentsPage({ account, cursor = null, limit = MAX_PAGE_LIMIT }) {
      checkAccount(account)
      checkLimit(limit)
      if (cursor !== null) checkCursor(cursor)
      const json = await transport.readOrNotFound((server) => {
        const builder = server.payments().forAccount(account).join('transactions').includeFailed(true).order('asc').limit(limit)
        return (cursor === null ? builder : builder.cursor(cursor)).call()
      })
      // An account that never existed on this network has no history: an empty page, not an error.
      const raw = json === NOT_FOUND ? [] : readPageRecords(json)
      const records = raw.map((record, index) => readAccountPayment(record, `records.${index}`))
      return {
        records,
        cursor: records.at(-1)?.pagingToken ?? cursor,
        lastPage: records.length < limit
      }
    },

    transaction,

    async transactionOperations(hash) {
      const id = checkHash(hash)
      const json = await transport.readOrNotFound((server) =>
        // A transaction has at most 100 operations: one page holds them all.
        server.operations().forTransaction(id).includeFailed(true).order('asc').limit(MAX_PAGE_LIMIT).call()
      )
      if (json === NOT_FOUND) return null
      return readPageRecords(json).map((record, index) => readOperation(record, `records.${index}`))
    },

    async account(address) {
      checkAccount(address)
      const json = await transport.readOrNotFound((server) => server.accounts().accountId(address).call())
      if (json === NOT_FOUND) return null
      const account = readWith(accountSchema, json)
      if (account.id !== address) throw malformedHorizonAnswer(`id: asked for ${address}, got ${account.id}`)
      return account
    },

    async feeStats() {
      return readWith(feeStatsSchema, await transport.read((server) => server.feeStats()))
    },

    async latestLedger() {
      const records = readPageRecords(await transport.read((server) => server.ledgers().order('desc').limit(1).call()))
      if (records.length === 0) throw malformedHorizonAnswer('records: no ledger at all')
      return readWith(ledgerSchema, records[0], 'records.0')
    },

    async findTransactionByMemo(account, memo, searchOptions = {}) {
      checkAccount(account)
      if (searchOptions.sinceCursor != null) checkCursor(searchOptions.sinceCursor)
      return findTransactionByMemo(transport, account, memo, searchOptions)
    },

    async transactionsByMemo(account, memo, searchOptions = {}) {
      checkAccount(account)
      if (searchOptions.sinceCursor != null) checkCursor(searchOptions.sinceCursor)
      return transactionsByMemo(transport, account, memo, searchOptions)
    },

    submitTransaction: (envelopeXdr) => submitEnvelope(transport, envelopeXdr, expected),

    streamPayments(streamOptions) {
      checkAccount(streamOptions.account)
      if (streamOptions.cursor !== undefined) checkCursor(streamOptions.cursor)
      return streamPayments(
        { http: transport.http, baseUrl: url, retry, sleep: options.sleep ?? null, random, now },
        streamOptions
      )
    }
  }
}

// Addresses, hashes and cursors go into request paths and queries: refuse anything else up front.

function checkAccount(address: string): void {
  if (typeof address !== 'string' || !ACCOUNT_ADDRESS_PATTERN.test(address)) {
    throw new UserFacingError('invalid_account', 'A Pi account address starts with G and has 56 characters.')
  }
}

function checkHash(hash: string): string {
  if (typeof hash !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hash)) {
    throw new UserFacingError('invalid_txid', 'A transaction id is 64 hexadecimal characters.')
  }
  return hash.toLowerCase()
}

function checkCursor(cursor: string): void {
  if (typeof cursor !== 'string' || !/^(?:now|\d{1,20}(?:-\d{1,20})?)$/.test(cursor)) {
    throw new UserFacingError('invalid_cursor', 'The saved chain position (cursor) is not valid; sync again from the start.')
  }
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`)
  }
}
