// The simulated Pi chain: one in-memory ledger that the Horizon simulator serves, the Platform
// simulator checks txids against, and the dataset generator fills. Each submitted (or funded)
// transaction closes its own ledger at once, because submit() answers synchronously and Horizon
// answers a submission only after its ledger closed; a timer closes empty ledgers in between so
// the latest ledger and its clock keep moving as on the real network.
import { randomBytes } from 'node:crypto'
import { Keypair } from '@stellar/stellar-sdk'
import { AddressBook } from './address-book'
import type { LedgerOperation } from './apply-operations'
import * as queries from './chain-queries'
import { ChainClock, floorToSecond } from './clock'
import {
  DEFAULT_LEDGER_INTERVAL_MS,
  DEFAULT_NETWORK_PASSPHRASE,
  MAX_TX_SET_SIZE,
  PI_BASE_FEE_STROOPS,
  PI_BASE_RESERVE_STROOPS,
  TOTAL_COINS_STROOPS,
  minimumBalance
} from './constants'
import { importHistory, type HistoryRecord, type ImportSummary } from './import-history'
import { LedgerTable } from './ledger-table'
import { encodeMemo } from './memo-codec'
import type { PageQuery } from './paging'
import {
  ledgerRecord,
  transactionRecord,
  type ChainAccountDetails,
  type ChainLedgerRecord,
  type ChainOperationRecord,
  type ChainStore,
  type ChainTransactionRecord
} from './records'
import { resultCodes, transactionResultXdr } from './result-codes'
import { isAccountAddress } from './strkey'
import { orderKeyOf } from './toid'
import { TxTable, type SubmittedEnvelope } from './tx-table'
import type { ChainAccount, ChainTransaction, LedgerHeader, SimulatedChain, SubmitOutcome } from './types'
import { decodeEnvelope, validateTransaction } from './validate'
import { typedCodes, writeTransaction, type TransactionDraft, type WrittenTransaction } from './write-transaction'

export interface GenesisAccount {
  readonly address: string
  /** Stroops. Taken from the root's supply. */
  readonly balance: bigint
}

export interface SimChainOptions {
  /** Default "Pi Testnet" (the sandbox plays a Testnet app). */
  readonly networkPassphrase?: string
  /** Empty ledgers close this often; default 5000 ms. null or 0: only closeLedger() closes them. */
  readonly ledgerIntervalMs?: number | null
  readonly baseFeeStroops?: number
  readonly baseReserveStroops?: number
  /** Close time of the genesis ledger; set it before the first imported record. Default: now. */
  readonly genesisTime?: Date
  readonly genesisLedger?: number
  /** Milliseconds since the epoch; default Date.now. */
  readonly clock?: () => number
  /** Accounts that exist at genesis with no history (history older than what Horizon retains). */
  readonly accounts?: readonly GenesisAccount[]
}

type TransactionListener = (tx: ChainTransaction) => void
type LedgerListener = (ledger: LedgerHeader) => void

export class SimChain implements SimulatedChain {
  readonly networkPassphrase: string
  /** Stellar's root ("master") key for this passphrase: holds every coin at genesis. Sandbox only. */
  readonly root: Keypair
  /** The root's G-address (kept: encoding a key costs more than a hot path should pay). */
  readonly rootAddress: string
  readonly ledgerIntervalMs: number | null
  private readonly store: ChainStore
  private readonly clock: ChainClock
  private readonly transactionListeners = new Set<TransactionListener>()
  private readonly ledgerListeners = new Set<LedgerListener>()
  private timer: NodeJS.Timeout | undefined

  constructor(options: SimChainOptions = {}) {
    this.networkPassphrase = options.networkPassphrase ?? DEFAULT_NETWORK_PASSPHRASE
    this.root = Keypair.master(this.networkPassphrase)
    this.rootAddress = this.root.publicKey()
    this.clock = new ChainClock(options.clock)
    this.store = {
      table: new TxTable(),
      book: new AddressBook(),
      ledgers: new LedgerTable(),
      networkPassphrase: this.networkPassphrase,
      baseFee: options.baseFeeStroops ?? PI_BASE_FEE_STROOPS,
      baseReserve: options.baseReserveStroops ?? PI_BASE_RESERVE_STROOPS,
      totalCoins: TOTAL_COINS_STROOPS
    }
    this.createGenesis(options)
    const interval = options.ledgerIntervalMs === undefined ? DEFAULT_LEDGER_INTERVAL_MS : options.ledgerIntervalMs
    this.ledgerIntervalMs = interval === null || interval <= 0 ? null : interval
    if (this.ledgerIntervalMs !== null) {
      this.timer = setInterval(() => this.closeLedger(), this.ledgerIntervalMs)
      this.timer.unref()
    }
  }

  get baseFee(): number {
    return this.store.baseFee
  }

  /**
   * A network upgrade voted by the validators: the base fee per operation changes from the next
   * ledger (Stellar's base fee is such a vote; under congestion fee_stats climbs the same way).
   * A ledger is closed at once so that Horizon's latest ledger and fee_stats show it.
   */
  voteBaseFee(stroops: number): void {
    if (!Number.isSafeInteger(stroops) || stroops < 1) throw new RangeError(`base fee must be a positive whole number of stroops, got ${stroops}`)
    this.store.baseFee = stroops
    this.closeLedger()
  }

  get baseReserve(): number {
    return this.store.baseReserve
  }

  now(): Date {
    return new Date(this.clock.nowMs())
  }

  /** Skips the ledger clock ahead (tests: expire an envelope's maxTime without waiting). */
  advanceTime(ms: number): void {
    this.clock.advance(ms)
  }

  /** Stops the ledger timer; the chain stays readable and writable. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer)
    this.timer = undefined
  }

  latestLedger(): LedgerHeader {
    const latest = this.store.ledgers.latest()
    return { sequence: latest.sequence, closedAt: new Date(latest.closedAtMs), baseFeeInStroops: this.store.baseFee, baseReserveInStroops: this.store.baseReserve }
  }

  closeLedger(): LedgerHeader {
    const latest = this.store.ledgers.latest()
    this.store.ledgers.append({
      sequence: latest.sequence + 1,
      closedAtMs: this.nextCloseMs(),
      firstTxRow: this.store.table.txCount,
      txCount: 0,
      successfulTxCount: 0,
      operationCount: 0,
      txSetOperationCount: 0,
      feePool: latest.feePool
    })
    const header = this.latestLedger()
    this.emit(this.ledgerListeners, header)
    return header
  }

  account(address: string): ChainAccount | undefined {
    const state = this.store.book.accountOf(address)
    if (state === undefined) return undefined
    return { id: address, sequence: state.sequence, balance: state.balance, subentryCount: state.subentryCount }
  }

  accountDetails(address: string): ChainAccountDetails | undefined {
    const state = this.store.book.accountOf(address)
    if (state === undefined) return undefined
    return {
      id: address,
      sequence: state.sequence,
      balance: state.balance,
      subentryCount: state.subentryCount,
      lastModifiedLedger: state.lastModifiedLedger,
      lastModifiedAt: new Date(state.lastModifiedAtMs),
      sequenceLedger: state.sequenceLedger === 0 ? undefined : state.sequenceLedger,
      sequenceTime: state.sequenceLedger === 0 ? undefined : new Date(state.sequenceAtMs)
    }
  }

  /** What an account must keep: (2 + subentries) x base reserve. */
  minimumBalance(address: string): bigint {
    return minimumBalance(this.store.book.accountOf(address)?.subentryCount ?? 0, this.store.baseReserve)
  }

  fund(address: string, amount: bigint): ChainTransactionRecord {
    if (!isAccountAddress(address)) throw new RangeError(`not an account address: ${address}`)
    if (amount <= 0n) throw new RangeError(`fund needs a positive amount, got ${amount}`)
    const { book } = this.store
    const source = book.intern(this.rootAddress)
    const target = book.intern(address)
    const exists = book.accounts[target] !== undefined
    const minimum = minimumBalance(0, this.store.baseReserve)
    if (!exists && amount < minimum) throw new RangeError(`a new account needs at least ${minimum} stroops (the minimum balance), got ${amount}`)
    const fee = BigInt(this.store.baseFee)
    const operation: LedgerOperation = { type: exists ? 'payment' : 'create_account', source, target, amount, native: true, sourceIsIssuer: false }
    const draft: TransactionDraft = {
      hash: randomBytes(32),
      source,
      sequence: (book.accounts[source]?.sequence ?? 0n) + 1n,
      feeCharged: fee,
      maxFee: fee,
      memo: encodeMemo(undefined),
      minTime: Number.NaN,
      maxTime: 0,
      operations: [operation]
    }
    const record = this.commitLive(draft, this.nextCloseMs())
    if (!record.successful) throw new Error(`funding ${address} failed: ${record.resultCodes.operations?.join(', ')}`)
    return record
  }

  submit(envelopeXdr: string): SubmitOutcome {
    const decoded = decodeEnvelope(envelopeXdr, this.networkPassphrase)
    if (decoded.kind === 'malformed') {
      return { kind: 'rejected', malformed: true, resultCodes: { transaction: 'tx_malformed' }, envelopeXdr, resultXdr: transactionResultXdr(0n, 'tx_malformed', []) }
    }
    // Horizon looks the hash up before submitting: resubmitting a landed envelope returns its result.
    const landed = this.store.table.byHash.find(decoded.hash)
    if (landed !== undefined) return this.outcomeOf(transactionRecord(this.store, landed))
    const fee = BigInt(this.store.baseFee)
    if (decoded.kind === 'fee_bump') {
      // Fee-bump envelopes are not simulated; refuse them plainly rather than half-support them.
      return { kind: 'rejected', resultCodes: { transaction: 'tx_not_supported' }, envelopeXdr: decoded.envelopeXdr, resultXdr: transactionResultXdr(fee, 'tx_not_supported', []) }
    }
    const closedAtMs = this.nextCloseMs()
    const { book } = this.store
    const validation = validateTransaction(decoded.tx, decoded.hash, decoded.envelopeXdr, {
      baseFee: fee,
      baseReserve: this.store.baseReserve,
      closeTimeSec: Math.floor(closedAtMs / 1000),
      account: (address) => book.accountOf(address)
    })
    if (!validation.ok) {
      return {
        kind: 'rejected',
        resultCodes: resultCodes(validation.transactionCode, validation.operations),
        envelopeXdr: decoded.envelopeXdr,
        resultXdr: transactionResultXdr(validation.feeCharged, validation.transactionCode, validation.operations ?? [])
      }
    }
    const { plan } = validation
    const operations = plan.operations.map((op): LedgerOperation => ({
      type: op.type === 'create_account' ? 'create_account' : 'payment',
      source: book.intern(op.source),
      target: book.intern(op.target),
      amount: op.amount,
      native: op.native,
      sourceIsIssuer: op.issuer === op.source
    }))
    const draft: TransactionDraft = {
      hash: plan.hash,
      source: book.intern(plan.source),
      sequence: plan.sequence,
      feeCharged: plan.feeCharged,
      maxFee: plan.maxFee,
      memo: plan.memo,
      minTime: plan.minTime,
      maxTime: plan.maxTime,
      operations
    }
    const record = this.commitLive(draft, closedAtMs, (written) => ({
      envelopeXdr: plan.envelopeXdr,
      signatures: plan.signatures,
      resultXdr: transactionResultXdr(plan.feeCharged, written.successful ? 'tx_success' : 'tx_failed', typedCodes(operations, written.operationCodes))
    }))
    return this.outcomeOf(record)
  }

  transaction(hash: string): ChainTransactionRecord | undefined {
    const row = this.store.table.rowOfHash(hash.toLowerCase())
    return row === undefined ? undefined : transactionRecord(this.store, row)
  }

  onTransaction(listener: TransactionListener): () => void {
    this.transactionListeners.add(listener)
    return () => this.transactionListeners.delete(listener)
  }

  onLedgerClosed(listener: LedgerListener): () => void {
    this.ledgerListeners.add(listener)
    return () => this.ledgerListeners.delete(listener)
  }

  /** How many subscribers are attached: lets tests prove streams let go of the chain. */
  subscriberCount(): { readonly transactions: number; readonly ledgers: number } {
    return { transactions: this.transactionListeners.size, ledgers: this.ledgerListeners.size }
  }

  /** Bulk-appends decided history (see import-history.ts). Listeners are not told about it. */
  importHistory(records: Iterable<HistoryRecord>): ImportSummary {
    return importHistory(this.store, this.clock, records)
  }

  accountTransactions(address: string, query: queries.HistoryQuery): ChainTransactionRecord[] {
    return queries.accountTransactions(this.store, address, query)
  }

  accountOperations(address: string, query: queries.OperationQuery): ChainOperationRecord[] {
    return queries.accountOperations(this.store, address, query)
  }

  transactions(query: queries.HistoryQuery): ChainTransactionRecord[] {
    return queries.allTransactions(this.store, query)
  }

  operations(query: queries.OperationQuery): ChainOperationRecord[] {
    return queries.allOperations(this.store, query)
  }

  /** One operation by its Horizon id (total order id), failed transactions included. */
  operation(id: string, join = false): ChainOperationRecord | undefined {
    if (!/^\d{1,19}$/.test(id) || BigInt(id) === 0n) return undefined
    const [found] = queries.allOperations(this.store, { cursor: orderKeyOf(BigInt(id) - 1n), order: 'asc', limit: 1, includeFailed: true, join })
    return found?.id === id ? found : undefined
  }

  transactionOperations(hash: string, query: queries.OperationQuery): ChainOperationRecord[] | undefined {
    return queries.transactionOperations(this.store, hash.toLowerCase(), query)
  }

  ledgers(query: PageQuery): ChainLedgerRecord[] {
    return queries.ledgerPage(this.store, query)
  }

  ledger(sequence: number): ChainLedgerRecord | undefined {
    const row = this.store.ledgers.rowOfSequence(sequence)
    return row === undefined ? undefined : ledgerRecord(this.store, row)
  }

  feeStats(): queries.FeeStats {
    return queries.feeStats(this.store, MAX_TX_SET_SIZE)
  }

  private createGenesis(options: SimChainOptions): void {
    const { book, ledgers } = this.store
    const sequence = options.genesisLedger ?? 1
    const closedAtMs = floorToSecond(options.genesisTime?.getTime() ?? this.clock.nowMs())
    let rootBalance = TOTAL_COINS_STROOPS
    const open = (address: string, balance: bigint, accountSequence: bigint): void => {
      const index = book.intern(address)
      if (book.accounts[index] !== undefined) throw new Error(`genesis account ${address} is listed twice`)
      book.accounts[index] = { balance, sequence: accountSequence, subentryCount: 0, lastModifiedLedger: sequence, lastModifiedAtMs: closedAtMs, sequenceLedger: 0, sequenceAtMs: 0 }
    }
    for (const account of options.accounts ?? []) {
      if (!isAccountAddress(account.address)) throw new RangeError(`not an account address: ${account.address}`)
      if (account.balance < minimumBalance(0, this.store.baseReserve)) throw new RangeError(`genesis account ${account.address} is below the minimum balance`)
      open(account.address, account.balance, BigInt(sequence) << 32n)
      rootBalance -= account.balance
    }
    if (rootBalance < 0n) throw new RangeError('genesis accounts hold more than the total supply')
    open(this.rootAddress, rootBalance, 0n)
    ledgers.append({ sequence, closedAtMs, firstTxRow: 0, txCount: 0, successfulTxCount: 0, operationCount: 0, txSetOperationCount: 0, feePool: 0n })
  }

  /** Ledger close times are whole seconds and never go backwards. */
  private nextCloseMs(): number {
    return Math.max(floorToSecond(this.clock.nowMs()), this.store.ledgers.latest().closedAtMs)
  }

  private commitLive(draft: TransactionDraft, closedAtMs: number, envelope?: (written: WrittenTransaction) => SubmittedEnvelope): ChainTransactionRecord {
    const { ledgers, table } = this.store
    const latest = ledgers.latest()
    const sequence = latest.sequence + 1
    const written = writeTransaction(this.store, draft, { ledgerSequence: sequence, order: 1, closedAtMs })
    if (envelope !== undefined) table.submitted.set(written.row, envelope(written))
    const operationCount = draft.operations.length
    ledgers.append({
      sequence,
      closedAtMs,
      firstTxRow: written.row,
      txCount: 1,
      successfulTxCount: written.successful ? 1 : 0,
      operationCount: written.successful ? operationCount : 0,
      txSetOperationCount: operationCount,
      feePool: latest.feePool + draft.feeCharged
    })
    const record = transactionRecord(this.store, written.row)
    this.emit(this.transactionListeners, record)
    this.emit(this.ledgerListeners, this.latestLedger())
    return record
  }

  private outcomeOf(record: ChainTransactionRecord): SubmitOutcome {
    if (record.successful) return { kind: 'applied', transaction: record }
    return { kind: 'rejected', resultCodes: record.resultCodes, envelopeXdr: record.envelopeXdr, resultXdr: record.resultXdr, recorded: record }
  }

  private emit<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of listeners) {
      try {
        listener(value)
      } catch (error) {
        // A broken subscriber must not undo or block a transaction that already landed.
        process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'SimChainListenerWarning')
      }
    }
  }
}
