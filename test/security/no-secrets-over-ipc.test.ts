import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMainServices, type MainServices } from '../../src/main/app/compose'
import type { AppEvents } from '../../src/shared/contract'

// Invariant 2: the API key and the wallet seed never leave main. Every answer the renderer can
// get, and every event it can receive, is checked for them after a real sync of the sandbox.
let services: MainServices
let dir: string
let secrets: string[]
const pushed: unknown[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'md-secrets-'))
  services = await createMainServices({
    databasePath: join(dir, 'db.sqlite'),
    version: 'test',
    openExternal: async () => false,
    sandbox: { payments: 80, seed: 3 }
  })
  services.events.onAny((event, payload) => pushed.push({ event, payload }))
  await services.workspace()
  const { sandbox } = services.sandbox()!
  secrets = [sandbox.apiKey, sandbox.appWallet.seed]
  const changed = new Promise<AppEvents['ledger:changed']>((resolve) => services.events.on('ledger:changed', resolve))
  await services.router.call('sync:start', undefined)
  await changed
})

afterAll(async () => {
  await services.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('secrets never cross IPC', () => {
  it('appear in no answer of any channel, nor in any pushed event', async () => {
    const page = await services.router.call('ledger:list', {})
    expect(page.ok && page.value.rows.length).toBeGreaterThan(0)
    const first = page.ok ? page.value.rows[0]!.identifier : ''
    const today = new Date().toISOString().slice(0, 10)
    const answers = [
      page,
      await services.router.call('app:info', undefined),
      await services.router.call('settings:get', undefined),
      await services.router.call('sync:status', undefined),
      await services.router.call('ledger:detail', { identifier: first }),
      await services.router.call('dashboard:summary', { from: '2020-01-01', to: today }),
      await services.router.call('filters:list', undefined),
      await services.router.call('payments:track', { ids: [first, 'not-an-id'] }),
      // Errors too: a wrong id, a wrong shape.
      await services.router.call('ledger:detail', { identifier: 'A'.repeat(28) }),
      await services.router.call('ledger:list', { limit: 'all' })
    ]
    const text = JSON.stringify([answers, pushed])
    for (const secret of secrets) expect(text).not.toContain(secret)
    // The public key is fine to show; make sure the check would have seen a secret-shaped value.
    expect(text).toContain(services.sandbox()!.sandbox.appWallet.publicKey)
  })
})
