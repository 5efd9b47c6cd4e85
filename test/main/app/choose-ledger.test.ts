// Which ledger a desk opens at start (src/main/app/choose-ledger.ts): MERCHANT_DESK_DB first, then
// the team database saved in Settings with its password unsealed from the desk's own file, else the
// desk's own file; a saved team database that cannot be opened is never replaced silently.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { chooseLedger, openChosenLedger } from '../../../src/main/app/choose-ledger'
import { createMainServices, type MainServices } from '../../../src/main/app/compose'
import type { OsEncryption } from '../../../src/main/secrets'
import { saveTeamChoice } from '../../../src/main/team'
import { testPostgresUrl } from '../../support/engine'

const server = testPostgresUrl()
const SCHEMA_PREFIX = `choose_ledger_${process.pid}_`
const PASSWORD = 'chosen-team-password-4Qz'
const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 } as const
let schemas = 0
const open: MainServices[] = []
const dirs: string[] = []

/** A keychain that really seals (reversibly, with a key of its own), as safeStorage does. */
function keychain(): OsEncryption {
  const key = randomBytes(16)
  const flip = (bytes: Buffer) => Buffer.from(bytes.map((byte, index) => byte ^ key[index % key.length]!))
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (plain) => flip(Buffer.from(plain, 'utf8')),
    decryptString: (sealed) => flip(sealed).toString('utf8')
  }
}

function deskFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'md-choose-'))
  dirs.push(dir)
  return join(dir, 'merchant-desk.sqlite')
}

/** A desk that saved `address` (with the password) in its Team database card, then quit. */
async function deskThatChose(address: string, os: OsEncryption | null, { checked = true } = {}): Promise<string> {
  const file = deskFile()
  const services = await createMainServices({ databasePath: file, os, scryptCost: TEST_SCRYPT, version: '0.0.0-test' })
  try {
    if (os === null) await services.secrets.unlock('correct horse battery staple', { create: true })
    if (checked) expect((await services.router.call('team:join', { address, password: PASSWORD })).ok).toBe(true)
    // Saved while its server answered; the server is gone now.
    else await saveTeamChoice(services.store, services.secrets, { address, password: PASSWORD }, { actor: 'maria' })
  } finally {
    await services.close()
  }
  return file
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

describe('the ledger a desk opens at start', () => {
  it("is the desk's own file when nothing is saved", async () => {
    const file = deskFile()
    expect(await chooseLedger(file, {})).toEqual({ databasePath: file, deskDatabasePath: file, source: 'desk', notice: null })
  })

  it('is MERCHANT_DESK_DB whenever it is set, whatever Settings saved', async () => {
    const file = await deskThatChose(`${server}?schema=${SCHEMA_PREFIX}${++schemas}`, keychain())
    expect(await chooseLedger(file, { MERCHANT_DESK_DB: ' /srv/shop/ledger.sqlite ' })).toEqual({
      databasePath: '/srv/shop/ledger.sqlite',
      deskDatabasePath: file,
      source: 'environment',
      notice: null
    })
  })

  it('keeps MERCHANT_DESK_DB\'s ledger and says so in the card, with no restart note', async () => {
    const address = `${server}?schema=${SCHEMA_PREFIX}${++schemas}`
    const file = await deskThatChose(address, keychain())
    const other = deskFile()
    const services = await openChosenLedger(await chooseLedger(file, { MERCHANT_DESK_DB: other }), { version: '0.0.0-test' }, async () => 'quit')
    open.push(services!)
    expect(services!.store.path).toBe(other)
    expect(await services!.router.call('team:status', undefined)).toMatchObject({
      ok: true,
      value: { current: { kind: 'desk', location: other }, setByEnvironment: true, restartNeeded: false }
    })
  })

  it('is the saved team database, its password unsealed with the keychain, and the services run on it', async () => {
    const os = keychain()
    const address = `${server}?schema=${SCHEMA_PREFIX}${++schemas}`
    const file = await deskThatChose(address, os)
    const choice = await chooseLedger(file, {}, { os })
    expect(choice).toEqual({ databasePath: address, databasePassword: PASSWORD, deskDatabasePath: file, source: 'settings', notice: null })

    const services = await openChosenLedger(choice, { os, version: '0.0.0-test' }, async () => 'quit')
    open.push(services!)
    expect(services!.store.engine.kind).toBe('postgres')
    const status = await services!.router.call('team:status', undefined)
    expect(status).toEqual({
      ok: true,
      value: { current: { kind: 'team', location: address }, saved: { address, passwordSaved: true }, setByEnvironment: false, restartNeeded: false }
    })
  })

  it('says why when the password is sealed with a passphrase, locked before the app starts', async () => {
    const address = `${server}?schema=${SCHEMA_PREFIX}${++schemas}`
    const file = await deskThatChose(address, null)
    const choice = await chooseLedger(file, {}, { scryptCost: TEST_SCRYPT })
    expect(choice).toMatchObject({ databasePath: address, source: 'settings', notice: expect.stringContaining('sealed with your passphrase') as unknown })
    expect(choice.databasePassword).toBeUndefined()
  })

  it('asks before opening the desk\'s own file when the saved team database does not answer', async () => {
    const os = keychain()
    const url = new URL(`${server}?schema=${SCHEMA_PREFIX}${++schemas}`)
    url.port = '1'
    const file = await deskThatChose(url.toString(), os, { checked: false })
    const choice = await chooseLedger(file, {}, { os })
    const asked: string[] = []
    expect(await openChosenLedger(choice, { os, version: '0.0.0-test' }, async (sentence) => (asked.push(sentence), 'quit'))).toBeNull()
    expect(asked).toEqual([expect.stringMatching(/^The team database at 127\.0\.0\.1:1 did not answer\./)])

    const onDesk = await openChosenLedger(choice, { os, version: '0.0.0-test' }, async () => 'desk')
    open.push(onDesk!)
    expect(onDesk!.store.engine.kind).toBe('sqlite')
    expect(await onDesk!.router.call('team:status', undefined)).toMatchObject({
      ok: true,
      value: { current: { kind: 'desk', location: file }, setByEnvironment: false, restartNeeded: true }
    })
  })
})
