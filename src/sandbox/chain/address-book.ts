// Every address the ledger has seen, interned to a small integer, with the state of those that
// exist as accounts and, per address, the rows of the transactions and operations it took part
// in (ascending, hence already in paging-token order: that is what makes an account's history
// page in O(log n) with a million payments).

import { accountKeyBytes } from './strkey'

export interface AccountState {
  balance: bigint
  sequence: bigint
  subentryCount: number
  lastModifiedLedger: number
  lastModifiedAtMs: number
  /** Ledger and close time of the last sequence bump (protocol 19's account extension), 0 if none. */
  sequenceLedger: number
  sequenceAtMs: number
}

export class AddressBook {
  private readonly indexByAddress = new Map<string, number>()
  readonly addresses: string[] = []
  readonly accounts: (AccountState | undefined)[] = []
  private readonly keys: (Uint8Array | undefined)[] = []
  private readonly txRows: (RowList | undefined)[] = []
  private readonly opRows: (RowList | undefined)[] = []

  intern(address: string): number {
    const known = this.indexOf(address)
    if (known !== undefined) return known
    const index = this.addresses.length
    this.indexByAddress.set(address, index)
    this.addresses.push(address)
    this.accounts.push(undefined)
    this.txRows.push(undefined)
    this.opRows.push(undefined)
    return index
  }

  // Histories alternate between a few hot addresses (the app wallet on every payment): a two-entry
  // cache spares most Map lookups on the import path.
  private recentAddress = ['', '']
  private recentIndex = [0, 0]

  indexOf(address: string): number | undefined {
    if (address === this.recentAddress[0]) return this.recentIndex[0]
    if (address === this.recentAddress[1]) return this.recentIndex[1]
    const index = this.indexByAddress.get(address)
    if (index !== undefined) {
      this.recentAddress[1] = this.recentAddress[0] ?? ''
      this.recentIndex[1] = this.recentIndex[0] ?? 0
      this.recentAddress[0] = address
      this.recentIndex[0] = index
    }
    return index
  }

  address(index: number): string {
    const address = this.addresses[index]
    if (address === undefined) throw new RangeError(`no address #${index}`)
    return address
  }

  /** The raw ed25519 key of an address, decoded once (envelopes embed it). */
  keyBytes(index: number): Uint8Array {
    let key = this.keys[index]
    if (key === undefined) {
      key = accountKeyBytes(this.address(index))
      if (key === undefined) throw new Error(`not an account address: ${this.address(index)}`)
      this.keys[index] = key
    }
    return key
  }

  account(index: number): AccountState | undefined {
    return this.accounts[index]
  }

  accountOf(address: string): AccountState | undefined {
    const index = this.indexOf(address)
    return index === undefined ? undefined : this.accounts[index]
  }

  /** A transaction's participants are added together, so checking the last row dedupes them. */
  noteTransaction(index: number, txRow: number): void {
    appendUnique(this.txRows, index, txRow)
  }

  noteOperation(index: number, opRow: number): void {
    appendUnique(this.opRows, index, opRow)
  }

  transactionRows(index: number): RowList {
    return this.txRows[index] ?? EMPTY
  }

  operationRows(index: number): RowList {
    return this.opRows[index] ?? EMPTY
  }
}

/**
 * An append-only list of rows in a typed array: a million-row index lives off the JS heap, so
 * the garbage collector never rescans it (plain arrays made bulk imports GC-bound).
 */
export class RowList {
  private rows = new Int32Array(4)
  length = 0

  rowAt(index: number): number {
    return this.rows[index] ?? -1
  }

  last(): number {
    return this.length === 0 ? -1 : (this.rows[this.length - 1] ?? -1)
  }

  push(row: number): void {
    if (this.length === this.rows.length) {
      const next = new Int32Array(this.rows.length * 2)
      next.set(this.rows)
      this.rows = next
    }
    this.rows[this.length] = row
    this.length += 1
  }
}

const EMPTY = new RowList()

function appendUnique(lists: (RowList | undefined)[], index: number, row: number): void {
  let list = lists[index]
  if (list === undefined) {
    list = new RowList()
    lists[index] = list
  }
  if (list.last() !== row) list.push(row)
}
