// Closed ledgers, as columns. Live ledgers close one after another; imported history may skip
// sequence numbers (the time between two imported transactions at Pi's close rate), so a
// ledger is found by binary search on its sequence, never by offset.
import { grown, nextCapacity } from './columns'

export interface ClosedLedger {
  readonly sequence: number
  readonly closedAtMs: number
  readonly firstTxRow: number
  readonly txCount: number
  readonly successfulTxCount: number
  /** Operations of successful transactions (Horizon's `operation_count`). */
  readonly operationCount: number
  /** Operations of every transaction in the set (`tx_set_operation_count`). */
  readonly txSetOperationCount: number
  /** Fees collected since genesis, in stroops. */
  readonly feePool: bigint
}

export class LedgerTable {
  count = 0
  private capacity = 0
  sequence = new Int32Array(0)
  closedAtMs = new Float64Array(0)
  firstTxRow = new Int32Array(0)
  txCount = new Int32Array(0)
  successfulTxCount = new Int32Array(0)
  operationCount = new Int32Array(0)
  txSetOperationCount = new Int32Array(0)
  feePool = new BigInt64Array(0)

  append(ledger: ClosedLedger): number {
    const last = this.count - 1
    if (last >= 0 && ledger.sequence <= (this.sequence[last] ?? 0)) throw new Error(`ledger ${ledger.sequence} does not follow ${this.sequence[last]}`)
    if (this.count === this.capacity) this.grow(nextCapacity(this.capacity, this.count + 1))
    const at = this.count
    this.sequence[at] = ledger.sequence
    this.closedAtMs[at] = ledger.closedAtMs
    this.firstTxRow[at] = ledger.firstTxRow
    this.txCount[at] = ledger.txCount
    this.successfulTxCount[at] = ledger.successfulTxCount
    this.operationCount[at] = ledger.operationCount
    this.txSetOperationCount[at] = ledger.txSetOperationCount
    this.feePool[at] = ledger.feePool
    this.count += 1
    return at
  }

  row(at: number): ClosedLedger {
    if (at < 0 || at >= this.count) throw new RangeError(`no ledger row ${at}`)
    return {
      sequence: this.sequence[at] ?? 0,
      closedAtMs: this.closedAtMs[at] ?? 0,
      firstTxRow: this.firstTxRow[at] ?? 0,
      txCount: this.txCount[at] ?? 0,
      successfulTxCount: this.successfulTxCount[at] ?? 0,
      operationCount: this.operationCount[at] ?? 0,
      txSetOperationCount: this.txSetOperationCount[at] ?? 0,
      feePool: this.feePool[at] ?? 0n
    }
  }

  latest(): ClosedLedger {
    return this.row(this.count - 1)
  }

  /**
   * Forgets the empty ledgers at the end closed after `ms` (never genesis): the idle timer's
   * ledgers carry nothing, and history imported into the past must not sit behind them.
   */
  dropTrailingEmptyAfter(ms: number): void {
    while (this.count > 1 && (this.txCount[this.count - 1] ?? 0) === 0 && (this.closedAtMs[this.count - 1] ?? 0) > ms) this.count -= 1
  }

  rowOfSequence(sequence: number): number | undefined {
    let lo = 0
    let hi = this.count - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const value = this.sequence[mid] ?? 0
      if (value === sequence) return mid
      if (value < sequence) lo = mid + 1
      else hi = mid - 1
    }
    return undefined
  }

  private grow(capacity: number): void {
    this.sequence = grown(this.sequence, capacity)
    this.closedAtMs = grown(this.closedAtMs, capacity)
    this.firstTxRow = grown(this.firstTxRow, capacity)
    this.txCount = grown(this.txCount, capacity)
    this.successfulTxCount = grown(this.successfulTxCount, capacity)
    this.operationCount = grown(this.operationCount, capacity)
    this.txSetOperationCount = grown(this.txSetOperationCount, capacity)
    this.feePool = grown(this.feePool, capacity)
    this.capacity = capacity
  }
}
