// Growable typed-array columns: the ledger history is stored column by column so that a million
// transactions cost a few flat buffers instead of a million objects.

type Column = Int32Array | Uint8Array | Float64Array | BigInt64Array

export function grown<C extends Column>(column: C, size: number): C {
  const next = new (column.constructor as new (length: number) => C)(size)
  ;(next as { set(source: C): void }).set(column)
  return next
}

export function nextCapacity(current: number, needed: number): number {
  let capacity = Math.max(current, 16)
  while (capacity < needed) capacity *= 2
  return capacity
}
