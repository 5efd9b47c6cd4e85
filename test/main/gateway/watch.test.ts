// What keeps a running gateway's invoices settling, with its collaborators counted: the settle
// timer (expiry needs no payment to happen), the live stream (left to the app's live mode when it
// already follows; tried again after a failure; followed anew when the network changes), and a
// stop that ends all of it.
import { describe, expect, it } from 'vitest'
import { watchInvoices } from '../../../src/main/gateway'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits until `done` holds (a loaded machine runs timers late; never a fixed sleep for what must happen). */
async function until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!done()) {
    if (Date.now() > end) throw new Error('gave up waiting')
    await wait(5)
  }
}

/** A follow that runs until aborted, counting its starts and the keys it was started for. */
function countingFollow(failures: unknown[] = []) {
  const starts: number[] = []
  return {
    starts,
    follow: (signal: AbortSignal) => {
      starts.push(Date.now())
      const failure = failures.shift()
      if (failure !== undefined) return Promise.reject(failure)
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()))
    }
  }
}

describe('watchInvoices', () => {
  it('settles at once and then on its timer, and never again after stop', async () => {
    let settled = 0
    const watch = watchInvoices({ settle: async () => (settled += 1), follow: null, settleEveryMs: 20 })
    await until(() => settled >= 3)
    expect(watch.mode()).toBe('settling')
    await watch.stop()
    const after = settled
    await wait(60)
    expect(settled).toBe(after)
  })

  it('follows the live stream, and stops it on stop', async () => {
    const live = countingFollow()
    const watch = watchInvoices({ settle: async () => undefined, follow: live.follow })
    expect(watch.mode()).toBe('live')
    await watch.stop()
    expect(watch.mode()).toBe('settling')
    expect(live.starts).toHaveLength(1)
  })

  it('leaves the stream to whoever already follows it, and retries after any other failure', async () => {
    const errors: string[] = []
    const taken = countingFollow([Object.assign(new Error('Live updates are already on.'), { code: 'sync_already_following' })])
    const first = watchInvoices({ settle: async () => undefined, follow: taken.follow, followRetryMs: 10, onError: (where) => errors.push(where) })
    await wait(60)
    // Not tried again: the app's live mode has the stream.
    expect(taken.starts).toHaveLength(1)
    expect(first.mode()).toBe('settling')
    expect(errors).toEqual([])
    await first.stop()

    const down = countingFollow([new Error('Horizon is down'), new Error('still down')])
    const second = watchInvoices({ settle: async () => undefined, follow: down.follow, followRetryMs: 10, onError: (where) => errors.push(where) })
    await until(() => down.starts.length === 3)
    expect(second.mode()).toBe('live')
    expect(errors).toEqual(['gateway: following the chain', 'gateway: following the chain'])
    await second.stop()
  })

  it('follows the new network when Settings change it', async () => {
    let network = 'sandbox'
    const live = countingFollow()
    const watch = watchInvoices({ settle: async () => undefined, follow: live.follow, followKey: () => network })
    network = 'testnet'
    await until(() => live.starts.length === 2)
    expect(watch.mode()).toBe('live')
    await watch.stop()
  })
})
