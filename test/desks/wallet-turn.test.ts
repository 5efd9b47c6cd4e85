// The wallet's lease as two desks meet it: a desk that finds another one paying waits while that
// one moves from step to step (renews its lease) and takes the wallet once it is released; a
// holder that stops taking steps gets the waiting desk refused, in words, with nothing paid.
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db'
import { acquireWalletLock } from '../../src/main/payouts'
import { deskLedgers } from './desks'

const WALLET = 'GD3YKU4L3XAUKLO2UAFT7DF7JNR2HFBCNTHSJ374O3HLFCWO3JOQLCT2'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** Another desk: another process of this computer, alive. */
const OTHER_DESK = { pid: process.pid + 1, isAlive: () => true }

describe.each(deskLedgers())('the wallet lease on one $engine ledger', (ledgers) => {
  afterAll(() => ledgers.cleanUp())

  it('waits for a desk that keeps taking steps, then takes the wallet when it is released', async () => {
    const location = ledgers.location()
    const [paying, waiting] = [openDatabase(location), openDatabase(location)]
    try {
      const held = await acquireWalletLock(paying, WALLET, OTHER_DESK)
      let released = 0
      const steps = (async () => {
        // Eight steps of 200 ms: longer in all than the waiting desk's patience for one step.
        for (let step = 0; step < 8; step += 1) {
          await sleep(200)
          await held.renew()
        }
        released = Date.now()
        await held.release()
      })()
      const turn = await acquireWalletLock(waiting, WALLET, { waitWhileStalledMs: 1_000, pollMs: 20 })
      const tookAt = Date.now()
      await steps
      expect(released).toBeGreaterThan(0)
      expect(tookAt).toBeGreaterThanOrEqual(released)
      await turn.renew()
      await turn.release()
    } finally {
      await Promise.all([Promise.resolve(paying.close()), Promise.resolve(waiting.close())])
    }
  })

  it('refuses once the desk holding the wallet takes no step for the whole wait; nothing else changes', async () => {
    const location = ledgers.location()
    const [paying, waiting] = [openDatabase(location), openDatabase(location)]
    try {
      const held = await acquireWalletLock(paying, WALLET, OTHER_DESK)
      const started = Date.now()
      await expect(acquireWalletLock(waiting, WALLET, { waitWhileStalledMs: 300, pollMs: 20 })).rejects.toMatchObject({
        code: 'payout_in_progress',
        message: expect.stringMatching(/^Another Merchant Desk \(process \d+ on .+\) is paying from this wallet right now\. .*Nothing was paid\.$/)
      })
      expect(Date.now() - started).toBeGreaterThanOrEqual(300)
      // The holder still holds it: the refused desk took nothing.
      await held.renew()
      await held.release()
      // Without a wait (the default), the refusal is immediate, as before.
      const again = await acquireWalletLock(paying, WALLET, OTHER_DESK)
      await expect(acquireWalletLock(waiting, WALLET)).rejects.toMatchObject({ code: 'payout_in_progress' })
      await again.release()
    } finally {
      await Promise.all([Promise.resolve(paying.close()), Promise.resolve(waiting.close())])
    }
  })
})
