import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createMainServices, type MainServices } from '../../../src/main/app/compose'
import type { AppEvents } from '../../../src/shared/contract'

// The shared composition root, driven only through its router (as the window and the preview are).
const dirs: string[] = []
const open: MainServices[] = []

async function services(dir = mkdtempSync(join(tmpdir(), 'md-compose-')), followLive = false): Promise<MainServices> {
  dirs.push(dir)
  const created = await createMainServices({
    databasePath: join(dir, 'merchant-desk.sqlite'),
    version: '0.0.0-test',
    openExternal: async () => false,
    sandbox: { payments: 120, seed: 7 },
    followLive
  })
  open.push(created)
  return created
}

async function syncToEnd(s: MainServices, progress: AppEvents['task:progress'][] = []): Promise<void> {
  s.events.on('task:progress', (p) => progress.push(p))
  const changed = new Promise<void>((resolve) => s.events.on('ledger:changed', () => resolve()))
  expect(await s.router.call('sync:start', undefined)).toMatchObject({ ok: true, value: { running: true } })
  await changed
}

afterEach(async () => {
  for (const s of open.splice(0)) await s.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('a fresh install', () => {
  it('runs on the embedded sandbox, configured, showing the wallet but no secret', async () => {
    const s = await services()
    const info = await s.router.call('app:info', undefined)
    expect(info).toMatchObject({ ok: true, value: { network: 'sandbox', networkLabel: 'Sandbox', sandbox: true } })
    const sandbox = s.sandbox()!
    expect(info.ok && info.value.credentials).toEqual({
      apiKeyConfigured: true,
      walletConfigured: true,
      walletPublicKey: sandbox.sandbox.appWallet.publicKey
    })
  })

  it('syncs the sandbox through the router, reporting progress, and fills the ledger', async () => {
    const s = await services()
    const progress: AppEvents['task:progress'][] = []
    await syncToEnd(s, progress)
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.every((p) => p.task === 'sync')).toBe(true)
    expect(progress.at(-1)?.phase).toBe('done')
    const status = await s.router.call('sync:status', undefined)
    const manifest = s.sandbox()!.sandbox.dataset!.manifest
    expect(status).toMatchObject({ ok: true, value: { running: false, lastError: null } })
    // Every Pi payment of the generated history that reached the chain is in the ledger.
    expect(status.ok && status.value.paymentsKnown).toBeGreaterThan(0)
    expect(status.ok && status.value.paymentsKnown).toBeLessThanOrEqual(manifest.counts.payments)
  })

  it('starts a new sandbox run clean: rows of an earlier simulated chain are cleared', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-compose-'))
    const first = await services(dir)
    await syncToEnd(first)
    const count = () =>
      Number(first.store.sqlite.prepare("SELECT count(*) FROM payments WHERE network_id = 'sandbox'").pluck().get())
    expect(count()).toBeGreaterThan(0)
    await first.close()
    open.splice(open.indexOf(first), 1)

    const second = await services(dir)
    await second.workspace()
    expect(Number(second.store.sqlite.prepare('SELECT count(*) FROM payments').pluck().get())).toBe(0)
  })

  it('refuses to sync mainnet without a key, in words, and writes nothing', async () => {
    const s = await services()
    await s.router.call('settings:update', { network: 'mainnet' })
    const answer = await s.router.call('sync:start', undefined)
    expect(answer).toMatchObject({ ok: false, error: { code: 'api_key_missing' } })
    expect(!answer.ok && answer.error.message).toMatch(/No Pi API key is set for Mainnet/)
    expect(Number(s.store.sqlite.prepare('SELECT count(*) FROM payments').pluck().get())).toBe(0)
  })
})

describe('live mode', () => {
  it('brings a payment into the ledger as the chain reports it, with no sync started', async () => {
    const s = await services(undefined, true)
    await s.workspace()
    const { sandbox } = s.sandbox()!
    const buyer = sandbox.buyers[0]!
    const payment = buyer.startPayment({ amount: 2.5, memo: 'Live test', metadata: { order: 'L-1' } })
    // The shop's backend hands the id over; staff approve it from the queue.
    expect(await s.router.call('payments:track', { ids: [payment.identifier] })).toMatchObject({
      ok: true,
      value: { results: [{ outcome: 'tracked' }] }
    })
    const approved = await s.router.call('queue:act', { action: 'approve', ids: [payment.identifier] })
    expect(approved.ok && approved.value.results.map((r) => r.outcome)).toEqual(['done'])
    const stored = () =>
      s.store.sqlite.prepare('SELECT amount_stroops, chain_check FROM payments WHERE identifier = ?').get(payment.identifier) as
        | { amount_stroops: bigint; chain_check: string }
        | undefined
    const live = new Promise<void>((resolve) =>
      s.events.on('ledger:changed', ({ reason }) => {
        if (reason === 'live' && stored()?.chain_check === 'verified') resolve()
      })
    )
    buyer.submitPayment(payment.identifier)
    await live
    expect(stored()).toEqual({ amount_stroops: 25_000_000n, chain_check: 'verified' })
  }, 30_000)
})
