// `merchant-desk people grant-login` as an owner types it against a team's PostgreSQL ledger
// (issue 18 item 1): the person's own database login is made, with their role's grants, and the
// person then works with it; the database refuses that login an approval of the person's own
// request. On a SQLite ledger the command says there are no logins to give. Postgres project only.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDatabasePath, testPostgresUrl } from '../support'

const run = promisify(execFile)
const LOGIN = `sam_cli_${process.pid}`
const DB_PASSWORD = 'sam-db-password-7Qx'
let dir: string
let ledger: string

async function cli(args: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, MERCHANT_DESK_DATA_DIR: dir, MERCHANT_DESK_USER: undefined, MERCHANT_DESK_USER_SECRET: undefined, ...extra }
  try {
    const { stdout, stderr } = await run('node', ['bin/merchant-desk.js', ...args], { env, timeout: 120_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

function as(url: string, login: string): string {
  const address = new URL(url)
  address.username = login
  return address.toString()
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'md-cli-logins-'))
  ledger = tempDatabasePath(dir, 'team.sqlite')
  expect((await cli(['people', 'add', 'Ana', '--role', 'owner', '--db', ledger], { MERCHANT_DESK_NEW_SECRET: 'ana-secret' })).code).toBe(0)
  const ana = { MERCHANT_DESK_USER: 'Ana', MERCHANT_DESK_USER_SECRET: 'ana-secret' }
  expect((await cli(['people', 'add', 'Sam', '--role', 'staff', '--db', ledger], { ...ana, MERCHANT_DESK_NEW_SECRET: 'sam-secret' })).code).toBe(0)
  expect((await cli(['people', 'add', 'Maya', '--role', 'manager', '--db', ledger], { ...ana, MERCHANT_DESK_NEW_SECRET: 'maya-secret' })).code).toBe(0)
}, 180_000)

afterAll(async () => {
  const admin = new pg.Client({ connectionString: testPostgresUrl() })
  await admin.connect()
  try {
    await admin.query(`DROP OWNED BY ${LOGIN}`).catch(() => undefined)
    await admin.query(`DROP ROLE IF EXISTS ${LOGIN}`)
  } finally {
    await admin.end()
  }
  rmSync(dir, { recursive: true, force: true })
})

describe('merchant-desk people grant-login', () => {
  it("gives Sam a login with staff's grants; Sam works with it, and the database refuses Sam deciding a request", async () => {
    const ana = { MERCHANT_DESK_USER: 'Ana', MERCHANT_DESK_USER_SECRET: 'ana-secret' }
    const granted = await cli(['people', 'grant-login', 'Sam', LOGIN, '--db', ledger], { ...ana, MERCHANT_DESK_NEW_DB_PASSWORD: DB_PASSWORD })
    expect(granted).toMatchObject({ code: 0, stdout: `Sam (staff) now connects to this ledger as ${LOGIN} (a new login), with what a staff writes and nothing more.\n` })
    expect(granted.stdout + granted.stderr).not.toContain(DB_PASSWORD)

    // Sam at their own desk, with their own login: the ledger opens and lists who works there.
    const listed = await cli(['people', 'list', '--json', '--db', as(ledger, LOGIN)], { MERCHANT_DESK_USER: 'Sam', MERCHANT_DESK_USER_SECRET: 'sam-secret', PGPASSWORD: DB_PASSWORD })
    expect(listed.code).toBe(0)
    expect((JSON.parse(listed.stdout) as { items: { name: string; dbLogin: string | null }[] }).items).toContainEqual(expect.objectContaining({ name: 'Sam', dbLogin: LOGIN }))

    // The database knows it is Sam: an approval of Sam's own request, written by SQL, is refused.
    const owner = new pg.Client({ connectionString: ledger.replace(/\?.*$/, '') })
    const schema = new URL(ledger).searchParams.get('schema')!
    await owner.connect()
    try {
      await owner.query(
        `INSERT INTO "${schema}".approval_requests (idempotency_key, network_id, kind, refund_of, user_uid, amount_stroops, memo, rule, requested_by, requested_at, state)
         VALUES ('cli-login-test-request-1', 'sandbox', 'refund', '${'A'.repeat(28)}', 'buyer-1', 70000000, 'Refund', 'above the limit', 'Sam', 1, 'open')`
      )
    } finally {
      await owner.end()
    }
    const sam = new pg.Client({ connectionString: as(ledger, LOGIN).replace(/\?.*$/, ''), password: DB_PASSWORD })
    await sam.connect()
    try {
      await expect(
        sam.query(`UPDATE "${schema}".approval_requests SET state = 'approved', decided_by = 'Maya', decided_at = 2, approval_expires_at = 3 WHERE idempotency_key = 'cli-login-test-request-1'`)
      ).rejects.toThrow()
    } finally {
      await sam.end()
    }
  })

  it('refuses someone without the right, and says a SQLite ledger has no logins to give', async () => {
    const sam = { MERCHANT_DESK_USER: 'Sam', MERCHANT_DESK_USER_SECRET: 'sam-secret' }
    const refused = await cli(['people', 'grant-login', 'Maya', 'maya_cli', '--db', ledger], sam)
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/Sam works as staff, who may not add or remove people/)

    const file = join(dir, 'shop.sqlite')
    expect((await cli(['people', 'add', 'Ana', '--role', 'owner', '--db', file], { MERCHANT_DESK_NEW_SECRET: 'ana-secret' })).code).toBe(0)
    const onSqlite = await cli(['people', 'grant-login', 'Ana', 'ana_cli', '--db', file], { MERCHANT_DESK_USER: 'Ana', MERCHANT_DESK_USER_SECRET: 'ana-secret' })
    expect(onSqlite.code).not.toBe(0)
    expect(onSqlite.stderr).toMatch(/PostgreSQL/)
  })
})
