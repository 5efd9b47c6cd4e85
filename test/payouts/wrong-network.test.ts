// Review of #12, item 6: a payout reads the chain and signs only after Horizon has said which
// network it serves. A desk pointed at a Horizon of the other Pi network is stopped with a
// sentence before anything is recorded, asked of Pi, signed or submitted.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../src/sandbox'
import { startHorizon, type RunningHorizon } from '../../src/sandbox/horizon'
import { openPayoutWorld, requestKey, startPayoutSandbox } from './fixture'

let sandbox: RunningSandbox
let otherHorizon: RunningHorizon
let dir: string

beforeAll(async () => {
  sandbox = await startPayoutSandbox()
  otherHorizon = await startHorizon({ chain: sandbox.otherNetwork.chain })
  dir = mkdtempSync(join(tmpdir(), 'md-wrong-network-'))
})
afterAll(async () => {
  await otherHorizon?.close()
  await sandbox?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a payout through a Horizon of another network', () => {
  it('is stopped with a sentence: nothing recorded, nothing asked of Pi, nothing signed or submitted', async () => {
    const databasePath = join(dir, 'shop.sqlite')
    const right = openPayoutWorld(sandbox, { databasePath })
    await right.knowsAppWallet()
    right.close()

    let signatures = 0
    const w = openPayoutWorld(sandbox, { databasePath, horizonUrl: otherHorizon.url, onSign: () => (signatures += 1) })
    try {
      const buyer = w.buyer()
      const piCreates = sandbox.platform.requests.count('POST /v2/payments')
      const submits = sandbox.horizon.requests.count('POST /transactions') + otherHorizon.requests.count('POST /transactions')
      await expect(
        w.service.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '1', confirmAmount: '1', memo: 'Prize' })
      ).rejects.toMatchObject({ code: 'wrong_network', message: expect.stringMatching(/serves 'Pi Network'.*Nothing was paid/) })
      expect(w.store.sqlite.prepare('SELECT COUNT(*) FROM payouts').pluck().get()).toBe(0n)
      expect(sandbox.platform.requests.count('POST /v2/payments')).toBe(piCreates)
      expect(signatures).toBe(0)
      expect(sandbox.horizon.requests.count('POST /transactions') + otherHorizon.requests.count('POST /transactions')).toBe(submits)
      // Horizon was asked which network it serves, and nothing else of the chain was read.
      expect(otherHorizon.requests.count('GET /')).toBeGreaterThanOrEqual(1)
      expect(otherHorizon.requests.count()).toBe(otherHorizon.requests.count('GET /'))
    } finally {
      w.close()
    }
  })
})
