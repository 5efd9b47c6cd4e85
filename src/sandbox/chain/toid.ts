// Horizon's "total order id": ledger (32 bits) | transaction order in the ledger (20 bits) |
// operation index (12 bits, 1-based; 0 for the transaction itself). Operation ids and every
// paging token are these numbers in decimal. They exceed 2^53, so they travel as bigint or as a
// (ledger, low) pair of safe integers; never as one JS number.

export interface OrderKey {
  readonly ledger: number
  /** txOrder << 12 | opIndex */
  readonly low: number
}

export const TX_ORDER_LIMIT = 1 << 20
export const OP_INDEX_LIMIT = 1 << 12

export function toid(ledger: number, txOrder: number, opIndex: number): bigint {
  return (BigInt(ledger) << 32n) | (BigInt(txOrder) << 12n) | BigInt(opIndex)
}

export function toidString(ledger: number, txOrder: number, opIndex: number): string {
  return toid(ledger, txOrder, opIndex).toString()
}

export function lowBits(txOrder: number, opIndex: number): number {
  return txOrder * OP_INDEX_LIMIT + opIndex
}

export function orderKeyOf(value: bigint): OrderKey {
  return { ledger: Number(value >> 32n), low: Number(value & 0xffff_ffffn) }
}

export function compareKey(ledgerA: number, lowA: number, b: OrderKey): number {
  if (ledgerA !== b.ledger) return ledgerA < b.ledger ? -1 : 1
  if (lowA !== b.low) return lowA < b.low ? -1 : 1
  return 0
}

/** Smallest and largest keys: the default cursors of asc and desc pages. */
export const KEY_MIN: OrderKey = { ledger: -1, low: 0 }
export const KEY_MAX: OrderKey = { ledger: Number.MAX_SAFE_INTEGER, low: 0 }
