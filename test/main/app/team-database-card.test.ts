// The "Team database" card's channels, through the router as the window calls them, against the
// real PostgreSQL server: a check that answers "Connected" or the engine's sentence, a saved choice
// kept in the desk's own file with its password sealed (never in an answer, never plain), every
// change in the desk's audit log with its actor.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createMainServices, type MainServices } from '../../../src/main/app/compose'
import { openDatabase } from '../../../src/main/db'
import { testPostgresUrl } from '../../support/engine'

const server = testPostgresUrl()
const SCHEMA_PREFIX = `team_card_${process.pid}_`
const PASSWORD = 'team-password-Zq7-never-plain'
const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 } as const
let schemas = 0
const open: MainServices[] = []
const dirs: string[] = []

function wrongPort(address: string): string {
  const url = new URL(address)
  url.port = '1'
  return url.toString()
}

async function desk(): Promise<{ services: MainServices; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'md-team-card-'))
  dirs.push(dir)
  const file = join(dir, 'merchant-desk.sqlite')
  const services = await createMainServices({ databasePath: file, scryptCost: TEST_SCRYPT, version: '0.0.0-test', actor: 'maria' })
  open.push(services)
  return { services, file }
}

afterEach(async () => {
  for (const services of open.splice(0)) await services.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

afterAll(async () => {
  const client = new pg.Client({ connectionString: server })
  await client.connect()
  const found = await client.query<{ name: string }>(`SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE '${SCHEMA_PREFIX}%'`)
  for (const { name } of found.rows) await client.query(`DROP SCHEMA "${name}" CASCADE`)
  await client.end()
})

describe('the Team database card', () => {
  it('shows this desk\'s own file while no team database is saved', async () => {
    const { services, file } = await desk()
    expect(await services.router.call('team:status', undefined)).toEqual({
      ok: true,
      value: { current: { kind: 'desk', location: file }, saved: null, setByEnvironment: false, restartNeeded: false }
    })
  })

  it('answers "Connected" for a server that answers, and the engine\'s sentence for one that does not', async () => {
    const { services } = await desk()
    const address = `${server}?schema=${SCHEMA_PREFIX}${++schemas}`
    expect(await services.router.call('team:check', { address: wrongPort(address), password: PASSWORD })).toEqual({
      ok: true,
      value: { ok: false, message: expect.stringMatching(/^The team database at 127\.0\.0\.1:1 did not answer\./) as unknown as string }
    })
    expect(await services.router.call('team:check', { address, password: PASSWORD })).toEqual({ ok: true, value: { ok: true, message: 'Connected' } })
  })

  it('refuses an address that is not PostgreSQL, or that carries the password, before anything opens', async () => {
    const { services } = await desk()
    const notPostgres = await services.router.call('team:check', { address: '/home/maria/ledger.sqlite' })
    expect(notPostgres).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('postgres://user@host:5432/database') as unknown } })
    const withPassword = await services.router.call('team:join', { address: `postgres://postgres:${PASSWORD}@127.0.0.1:5432/postgres` })
    expect(withPassword).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('password field') as unknown } })
    expect(JSON.stringify(withPassword)).not.toContain(PASSWORD)
  })

  it('saves the team database in the desk\'s file, the password sealed, audited, and says a restart switches', async () => {
    const { services, file } = await desk()
    const address = `${server}?schema=${SCHEMA_PREFIX}${++schemas}`
    await services.secrets.unlock('correct horse battery staple', { create: true })
    const refused = await services.router.call('team:join', { address: wrongPort(address), password: PASSWORD })
    expect(refused).toMatchObject({ ok: false, error: { code: 'team_database_unavailable', message: expect.stringContaining('did not answer') as unknown } })

    const joined = await services.router.call('team:join', { address, password: PASSWORD })
    expect(joined).toEqual({
      ok: true,
      value: { current: { kind: 'desk', location: file }, saved: { address, passwordSaved: true }, setByEnvironment: false, restartNeeded: true }
    })
    expect(JSON.stringify(joined)).not.toContain(PASSWORD)
    expect(await services.router.call('team:status', undefined)).toEqual(joined)

    const left = await services.router.call('team:leave', undefined)
    expect(left).toEqual({ ok: true, value: { current: { kind: 'desk', location: file }, saved: null, setByEnvironment: false, restartNeeded: false } })
    await services.router.call('team:join', { address, password: PASSWORD })

    const audit = await services.store.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'before_json', 'after_json'])
      .where('action', 'like', 'team_database.%')
      .orderBy('seq')
      .execute()
    expect(audit.map((entry) => [entry.actor, entry.action])).toEqual([
      ['maria', 'team_database.use'],
      ['maria', 'team_database.leave'],
      ['maria', 'team_database.use']
    ])
    expect(JSON.parse(audit[0]!.after_json!)).toEqual({ teamDatabase: address, passwordSaved: true })
    expect(JSON.stringify(audit)).not.toContain(PASSWORD)

    await services.close()
    open.splice(open.indexOf(services), 1)
    const stored = openDatabase(file, { readonly: true })
    try {
      const row = await stored.db.selectFrom('settings').select('value_json').where('key', '=', 'team_database').executeTakeFirstOrThrow()
      expect(JSON.parse(row.value_json)).toMatchObject({ address, password: { cipher: 'passphrase' } })
    } finally {
      stored.close()
    }
    expect(readFileSync(file).includes(Buffer.from(PASSWORD))).toBe(false)
  })

  it('refuses to save a password while the passphrase vault is locked, and saves nothing', async () => {
    const { services } = await desk()
    const address = `${server}?schema=${SCHEMA_PREFIX}${++schemas}`
    await services.secrets.unlock('correct horse battery staple', { create: true })
    services.secrets.lock()
    expect(await services.router.call('team:join', { address, password: PASSWORD })).toMatchObject({ ok: false, error: { code: 'secrets_locked' } })
    expect(await services.router.call('team:status', undefined)).toMatchObject({ ok: true, value: { saved: null } })
  })
})
