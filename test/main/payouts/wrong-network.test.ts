// Review of #12, item 6: a payout reads the chain and signs only after Horizon has said which
// network it serves. A desk pointed at a Horizon of the other Pi network is stopped with a
// sentence before anything is recorded, asked of Pi, signed or submitted. At start this is the
// merchant's configuration, not a bug: the desktop app shows the sentence on the payouts list (not as
// an internal error in a log) and leaves the payout unfinished; `payouts resume` prints the same
// sentence and exits non-zero.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMainServices, type MainServices } from '../../../src/main/app/compose'
import { payoutIntent } from '../../../src/main/payouts/intent'
import type { RunningSandbox } from '../../../src/sandbox'
import { startHorizon, type RunningHorizon } from '../../../src/sandbox/horizon'
import { fakeKeychain } from '../secrets/fixture'
import { openPayoutWorld, requestKey, startPayoutSandbox } from './fixture'
import { ledgerSql, tempDatabasePath } from '../../support'

const CLI = fileURLToPath(new URL('../../../bin/merchant-desk.js', import.meta.url))
const WRONG_NETWORK = /serves 'Pi Network'.*Nothing was paid, signed or sent to Pi in this run\./

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
    const databasePath = tempDatabasePath(dir, 'shop.sqlite')
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
      expect(await ledgerSql(w.store).value('SELECT COUNT(*) FROM payouts')).toBe(0n)
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

describe('recovery at start through a Horizon of another network', () => {
  it('shows the sentence on the payouts list, reports no internal error, and leaves the payout for a resume', async () => {
    const databasePath = tempDatabasePath(dir, 'desk.sqlite')
    const keychain = fakeKeychain()
    const open = (horizonUrl: string, onInternalError?: (where: string, error: unknown) => void): Promise<MainServices> =>
      createMainServices({
        databasePath,
        version: '0.0.0-test',
        openExternal: async () => false,
        os: keychain,
        remote: { platformUrl: sandbox.platformUrl, horizonUrl },
        recoverPayoutsOnStart: true,
        ...(onInternalError ? { onInternalError } : {})
      })

    // A testnet desk (the sandbox speaks 'Pi Testnet') with its key and seed, and a payout whose
    // intent was recorded when the app stopped.
    const first = await open(sandbox.horizonUrl)
    try {
      expect(await first.router.call('settings:update', { network: 'testnet' })).toMatchObject({ ok: true })
      expect(
        await first.router.call('secrets:save', { network: 'testnet', apiKey: sandbox.apiKey, walletSeed: sandbox.appWallet.seed })
      ).toMatchObject({ ok: true })
      const buyers = openPayoutWorld(sandbox)
      const buyer = buyers.buyer()
      buyers.close()
      await first.payouts.journal.record(
        'testnet',
        sandbox.appWallet.publicKey,
        payoutIntent({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '1', confirmAmount: '1', memo: 'Prize' }),
        () => undefined
      )
    } finally {
      await first.close()
    }

    // Recovery ends either way: the views are told to reload, or an internal error is logged.
    const internalErrors: string[] = []
    let recoveryEnded = () => {}
    const ended = new Promise<void>((resolve) => (recoveryEnded = resolve))
    const piCreates = sandbox.platform.requests.count('POST /v2/payments')
    const second = await open(otherHorizon.url, (where) => {
      internalErrors.push(where)
      recoveryEnded()
    })
    try {
      second.events.on('ledger:changed', () => recoveryEnded())
      await ended
      expect(internalErrors).toEqual([])
      const list = await second.router.call('payouts:list', undefined)
      expect(list).toMatchObject({
        ok: true,
        value: { unfinished: 1, recoveryProblem: { code: 'wrong_network', message: expect.stringMatching(WRONG_NETWORK) } }
      })
      expect(await ledgerSql(second.store).values('SELECT state FROM payouts')).toEqual(['recorded'])
      expect(sandbox.platform.requests.count('POST /v2/payments')).toBe(piCreates)
      expect(otherHorizon.requests.count()).toBe(otherHorizon.requests.count('GET /'))
    } finally {
      await second.close()
    }
  })
})

describe('`payouts resume` through a Horizon of another network', () => {
  it('prints the sentence the app shows and exits non-zero, paying nothing', async () => {
    const databasePath = tempDatabasePath(dir, 'cli.sqlite')
    const world = openPayoutWorld(sandbox, {
      databasePath,
      failpoint: (name) => {
        if (name === 'intent-recorded') throw new Error('stopped after the intent was recorded')
      }
    })
    try {
      await world.knowsAppWallet()
      const buyer = world.buyer()
      await expect(
        world.service.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '1', confirmAmount: '1', memo: 'Prize' })
      ).rejects.toThrow('stopped after the intent was recorded')
    } finally {
      world.close()
    }

    const piCreates = sandbox.platform.requests.count('POST /v2/payments')
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const argv = [CLI, 'payouts', 'resume', '--db', databasePath, '--network', 'sandbox', '--platform-url', sandbox.platformUrl, '--horizon-url', otherHorizon.url]
      const env: NodeJS.ProcessEnv = { ...process.env, PI_API_KEY: sandbox.apiKey, PI_WALLET_SEED: sandbox.appWallet.seed }
      delete env.MERCHANT_DESK_CRASH_AT
      const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.on('exit', (code) => resolve({ code, stdout, stderr }))
    })
    expect(run.code).not.toBe(0)
    expect(run.stderr).toMatch(WRONG_NETWORK)
    expect(run.stderr).not.toMatch(/internal error/i)
    expect(sandbox.platform.requests.count('POST /v2/payments')).toBe(piCreates)
  })
})
