// A desk hears the other desks: when another desk (or a CLI command) commits to the shared ledger,
// this desk's views reload ('ledger:changed', as after its own sync) within a second, and settings
// another desk changed are read again. On a SQLite file (its data version) and, in the postgres
// project, on a team's PostgreSQL ledger (LISTEN/NOTIFY).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createMainServices, type MainServices } from '../../../src/main/app/compose'
import { appendAudit } from '../../../src/main/audit'
import { tempDatabasePath } from '../../support'

const dirs: string[] = []
const open: MainServices[] = []

/** A file on SQLite; in the postgres project a schema of its own on the test cluster. */
function sharedLedger(): string {
  const dir = mkdtempSync(join(tmpdir(), 'md-other-desks-'))
  dirs.push(dir)
  return tempDatabasePath(dir, 'team.sqlite')
}

async function desk(ledger: string, options: { sandbox?: boolean; follow?: boolean } = {}): Promise<MainServices> {
  const created = await createMainServices({
    databasePath: ledger,
    version: '0.0.0-test',
    openExternal: async () => false,
    ...(options.sandbox === true ? { sandbox: { payments: 60, seed: 11 } } : {}),
    followOtherDesks: options.follow === true
  })
  open.push(created)
  return created
}

afterEach(async () => {
  for (const s of open.splice(0)) await s.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('a desk beside another desk on one ledger', () => {
  it("reloads its views within a second of the other desk's sync, and not for its own quiet or its own writes", async () => {
    const ledger = sharedLedger()
    const syncing = await desk(ledger, { sandbox: true })
    const watching = await desk(ledger, { follow: true })
    const heard: string[] = []
    watching.events.on('ledger:changed', ({ reason }) => heard.push(reason))
    await new Promise((resolve) => setTimeout(resolve, 700))
    expect(heard).toEqual([])
    // Its own commits are not another desk's: they would reload every view at every sync page.
    await appendAudit(watching.store, { actor: 'maria', action: 'desk.note', subject: null, before: null, after: { note: 'mine' } })
    await new Promise((resolve) => setTimeout(resolve, 700))
    expect(heard).toEqual([])

    const synced = new Promise<void>((resolve) => syncing.events.on('ledger:changed', () => resolve()))
    expect(await syncing.router.call('sync:start', undefined)).toMatchObject({ ok: true })
    await synced
    const finishedAt = Date.now()
    await expect.poll(() => heard.includes('another desk'), { timeout: 1500, interval: 50 }).toBe(true)
    expect(Date.now() - finishedAt).toBeLessThan(1500)

    // What it reloads is the other desk's rows.
    const seen = await watching.store.db.selectFrom('payments').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
    expect(seen.n).toBeGreaterThan(0n)
  })

  it('reads settings again when another desk changed them', async () => {
    const ledger = sharedLedger()
    const first = await desk(ledger)
    const second = await desk(ledger, { follow: true })
    expect(second.settings.current().network).toBe('sandbox')
    const told: string[] = []
    second.events.on('settings:changed', ({ network }) => told.push(network))
    // The second desk starts listening as it opens; give it the moment that takes.
    await new Promise((resolve) => setTimeout(resolve, 700))
    await first.settings.update({ network: 'testnet' })
    await expect.poll(() => second.settings.current().network, { timeout: 1500, interval: 50 }).toBe('testnet')
    expect(told).toEqual(['testnet'])
  })
})
