// Transaction hash -> row, for a million rows without a million string keys: an open-addressing
// table of row numbers, probed by the first four bytes of the (uniformly random) hash and
// confirmed against the full 32 bytes kept in the transaction table.

export interface HashBytesSource {
  /** 32 bytes per row, row-major. */
  hashBytes(): Uint8Array
}

export class HashIndex {
  private slots: Int32Array
  private size = 0

  constructor(private readonly source: HashBytesSource, initialSlots = 1 << 12) {
    this.slots = new Int32Array(initialSlots)
  }

  get count(): number {
    return this.size
  }

  find(hash: Uint8Array): number | undefined {
    const bytes = this.source.hashBytes()
    const mask = this.slots.length - 1
    for (let slot = probeStart(hash, 0) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] ?? 0
      if (entry === 0) return undefined
      if (sameHash(bytes, (entry - 1) * 32, hash, 0)) return entry - 1
    }
  }

  /** Adds a row whose hash is already written in the source; false (and nothing added) if that hash is indexed. */
  insertUnique(row: number): boolean {
    if ((this.size + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2)
    const bytes = this.source.hashBytes()
    const mask = this.slots.length - 1
    let slot = probeStart(bytes, row * 32) & mask
    for (let entry = this.slots[slot] ?? 0; entry !== 0; entry = this.slots[slot] ?? 0) {
      if (sameHash(bytes, (entry - 1) * 32, bytes, row * 32)) return false
      slot = (slot + 1) & mask
    }
    this.slots[slot] = row + 1
    this.size += 1
    return true
  }

  reserve(rows: number): void {
    let slots = this.slots.length
    while (rows * 2 > slots) slots *= 2
    if (slots !== this.slots.length) this.rehash(slots)
  }

  private place(row: number): void {
    const bytes = this.source.hashBytes()
    const mask = this.slots.length - 1
    let slot = probeStart(bytes, row * 32) & mask
    while ((this.slots[slot] ?? 0) !== 0) slot = (slot + 1) & mask
    this.slots[slot] = row + 1
  }

  private rehash(slotCount: number): void {
    const old = this.slots
    this.slots = new Int32Array(slotCount)
    for (const entry of old) if (entry !== 0) this.place(entry - 1)
  }
}

function probeStart(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8) | ((bytes[offset + 2] ?? 0) << 16) | ((bytes[offset + 3] ?? 0) << 24)) >>> 0
  )
}

function sameHash(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number): boolean {
  for (let i = 0; i < 32; i++) if (a[aOffset + i] !== b[bOffset + i]) return false
  return true
}
