// A small worker pool: at most `concurrency` calls in flight, results in input order. Pi has no
// bulk read, so a sync asks for one payment at a time; a pool keeps that fast without flooding
// the servers (they rate-limit), and stops starting new calls once the run is cancelled.

export type Settled<T> =
  | { readonly status: 'fulfilled'; readonly value: T }
  | { readonly status: 'rejected'; readonly reason: unknown }
  /** Never started: the signal was aborted first. */
  | { readonly status: 'skipped' }

export async function runPool<I, T>(
  items: readonly I[],
  concurrency: number,
  worker: (item: I) => Promise<T>,
  signal?: AbortSignal
): Promise<Settled<T>[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer')
  const results: Settled<T>[] = items.map(() => ({ status: 'skipped' }))
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length && signal?.aborted !== true) {
      const index = next
      next += 1
      try {
        results[index] = { status: 'fulfilled', value: await worker(items[index] as I) }
      } catch (reason) {
        results[index] = { status: 'rejected', reason }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane))
  return results
}
