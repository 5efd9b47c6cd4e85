// Transactions waiting to land, in time order (ties: the order they were written). The history is
// written sale by sale, but a sale's transaction lands seconds later, after other sales' may have:
// this queue lets the ledger import stream in time order without holding the whole history.

export interface Timed {
  readonly atMs: number
  /** Write order, the tie-breaker; callers number their items. */
  readonly seq: number
}

export class TimeQueue<T extends Timed> {
  private readonly heap: T[] = []

  get size(): number {
    return this.heap.length
  }

  push(item: T): void {
    const heap = this.heap
    heap.push(item)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(heap[i] as T, heap[parent] as T)) break
      swap(heap, i, parent)
      i = parent
    }
  }

  /** The earliest item if it lands at or before `untilMs`, removed from the queue. */
  popUntil(untilMs: number): T | undefined {
    const heap = this.heap
    const top = heap[0]
    if (top === undefined || top.atMs > untilMs) return undefined
    const last = heap.pop() as T
    if (heap.length > 0) {
      heap[0] = last
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        const right = left + 1
        let least = i
        if (left < heap.length && before(heap[left] as T, heap[least] as T)) least = left
        if (right < heap.length && before(heap[right] as T, heap[least] as T)) least = right
        if (least === i) break
        swap(heap, i, least)
        i = least
      }
    }
    return top
  }
}

function before(a: Timed, b: Timed): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq)
}

function swap<T>(heap: T[], i: number, j: number): void {
  const t = heap[i] as T
  heap[i] = heap[j] as T
  heap[j] = t
}
