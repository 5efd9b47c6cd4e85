// Issue 17, item 3: on a team ledger the Pi API key and the wallet seed stay on the desk. The
// services run on a real PostgreSQL ledger, the secrets go into the desk's own SQLite file, sealed;
// the team database's secrets tables stay empty.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Keypair } from '@stellar/stellar-sdk'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createMainServices, type MainServices } from '../../../src/main/app/compose'
import { openDatabase } from '../../../src/main/db'
import { testPostgresUrl } from '../../support/engine'

const server = testPostgresUrl()
const SCHEMA_PREFIX = `desk_secrets_${process.pid}_`
const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 } as const
let ledgers = 0
const open: MainServices[] = []
const dirs: string[] = []

async function teamDesk(): Promise<{ services: MainServices; schema: string; deskFile: string }> {
  const schema = `${SCHEMA_PREFIX}${++ledgers}`
  const dir = mkdtempSync(join(tmpdir(), 'md-team-desk-'))
  dirs.push(dir)
  const deskFile = join(dir, 'merchant-desk.sqlite')
  const services = await createMainServices({
    databasePath: `${server}?schema=${schema}`,
    deskDatabasePath: deskFile,
    scryptCost: TEST_SCRYPT,
    version: '0.0.0-test',
    actor: 'maria'
  })
  open.push(services)
  return { services, schema, deskFile }
}

async function onServer<T>(query: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server })
  await client.connect()
  try {
    return await query(client)
  } finally {
    await client.end()
  }
}

afterEach(async () => {
  for (const services of open.splice(0)) await services.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

afterAll(async () => {
  await onServer(async (client) => {
    const schemas = await client.query<{ name: string }>(`SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE '${SCHEMA_PREFIX}%'`)
    for (const { name } of schemas.rows) await client.query(`DROP SCHEMA "${name}" CASCADE`)
  })
})

describe('a desk on a team ledger', () => {
  it('keeps the API key and the seed in its own file, sealed, and writes none to the team database', async () => {
    const { services, schema, deskFile } = await teamDesk()
    expect(services.store.engine.kind).toBe('postgres')
    const apiKey = `team-desk-key-${'q'.repeat(40)}`
    const wallet = Keypair.random()
    await services.secrets.unlock('correct horse battery staple', { create: true })
    await services.secrets.save('testnet', { apiKey, walletSeed: wallet.secret() }, { actor: 'maria' })

    // The services read them back (so they were saved somewhere they use)...
    expect(await services.secrets.apiKey('testnet')).toBe(apiKey)
    expect(await services.secrets.walletPublicKey('testnet')).toBe(wallet.publicKey())

    // ...and the team database holds none of it (its migrations made the tables; they stay empty).
    const counts = await onServer(async (client) => {
      const secrets = await client.query<{ count: string }>(`SELECT count(*) AS count FROM "${schema}".secrets`)
      const vault = await client.query<{ count: string }>(`SELECT count(*) AS count FROM "${schema}".secret_vault`)
      return { secrets: Number(secrets.rows[0]!.count), vault: Number(vault.rows[0]!.count) }
    })
    expect(counts).toEqual({ secrets: 0, vault: 0 })

    // The desk's file has both rows, sealed: neither the key nor the seed appears in its bytes.
    const desk = openDatabase(deskFile, { readonly: true })
    try {
      const rows = await desk.db.selectFrom('secrets').select(['network_id', 'name', 'cipher', 'public_hint']).orderBy('name').execute()
      expect(rows).toEqual([
        { network_id: 'testnet', name: 'api_key', cipher: 'passphrase', public_hint: null },
        { network_id: 'testnet', name: 'wallet_seed', cipher: 'passphrase', public_hint: wallet.publicKey() }
      ])
      const audited = await desk.db.selectFrom('audit_log').select(['actor', 'action']).where('action', '=', 'secrets.save').execute()
      expect(audited).toEqual([{ actor: 'maria', action: 'secrets.save' }])
    } finally {
      desk.close()
    }
    await services.close()
    open.splice(open.indexOf(services), 1)
    const bytes = readFileSync(deskFile)
    expect(bytes.includes(Buffer.from(apiKey))).toBe(false)
    expect(bytes.includes(Buffer.from(wallet.secret()))).toBe(false)
  })

  it('on a SQLite ledger keeps one file: the secrets sit beside the ledger as before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-own-desk-'))
    dirs.push(dir)
    const ledgerFile = join(dir, 'ledger.sqlite')
    const deskFile = join(dir, 'never-opened.sqlite')
    const services = await createMainServices({ databasePath: ledgerFile, deskDatabasePath: deskFile, scryptCost: TEST_SCRYPT, version: '0.0.0-test' })
    open.push(services)
    await services.secrets.unlock('correct horse battery staple', { create: true })
    await services.secrets.save('testnet', { apiKey: 'own-file-key' })
    const rows = await services.store.db.selectFrom('secrets').select(['name']).execute()
    expect(rows).toEqual([{ name: 'api_key' }])
    expect(() => readFileSync(deskFile)).toThrow(/ENOENT/)
  })
})
