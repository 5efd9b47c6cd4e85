// On a team's PostgreSQL ledger each person connects with their own login (issue 18), and the
// database itself enforces four eyes: an approval written by SQL as the requester's own login is
// refused, as is one written in another person's name; the manager's own login may approve; an
// accountant's login moves no money. And the grants are enough for each person's daily work in
// the app itself, connected as their own login.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MainServices } from '../../../../src/main/app/compose'
import type { RunningSandbox } from '../../../../src/sandbox'
import { appWalletPayments, paidSales, PI, startDeskSandbox } from '../../../desks/desks'
import { openPersonDesk } from '../../../desks/person-desk'
import { scramVerifier } from '../../../../src/main/people/postgres/scram'
import { testPostgresUrl } from '../../../support'

let sandbox: RunningSandbox
let dir: string
let schema: string
const run = `${process.pid}_${randomBytes(3).toString('hex')}`
const LOGINS = { sam: `md_sam_${run}`, maya: `md_maya_${run}`, ada: `md_ada_${run}` }
const SECRETS = { Olivia: 'olivia-passphrase', Sam: 'sam-pin-2468', Maya: 'maya-pin-1357', Ada: 'ada-pin-9753' }
type Name = keyof typeof SECRETS

/** The test database's address as `login` (no password: the test cluster trusts loopback). */
function addressAs(login: string | null): string {
  const url = new URL(testPostgresUrl())
  if (login !== null) url.username = login
  return url.toString()
}

function ledgerAs(login: string | null): string {
  const address = addressAs(login)
  return `${address}${address.includes('?') ? '&' : '?'}schema=${schema}`
}

let desks = 0
const open: MainServices[] = []
async function deskAs(login: string | null, person: Name | null): Promise<MainServices> {
  desks += 1
  const desk = await openPersonDesk({
    ledger: ledgerAs(login),
    deskFile: join(dir, `desk-${desks}.sqlite`),
    platformUrl: sandbox.platformUrl,
    horizonUrl: sandbox.horizonUrl,
    apiKey: sandbox.apiKey,
    walletSeed: sandbox.appWallet.seed
  })
  open.push(desk)
  if (person !== null) await desk.session.unlock(person, SECRETS[person])
  return desk
}

/** SQL typed by hand as `login`, in the ledger's schema. */
async function asLogin<T>(login: string | null, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: addressAs(login), options: `-c search_path=${schema}` })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

function approveBySql(client: pg.Client, request: number, decidedBy: string): Promise<pg.QueryResult> {
  const now = Date.now()
  return client.query(
    `UPDATE approval_requests SET state = 'approved', decided_by = $2, decided_at = $3, approval_expires_at = $4 WHERE id = $1`,
    [request, decidedBy, now, now + 3_600_000]
  )
}

function key(): string {
  return `db-four-eyes-${randomBytes(8).toString('hex')}`
}

let sales: string[]
let buyerUid: string

beforeAll(async () => {
  sandbox = await startDeskSandbox()
  dir = mkdtempSync(join(tmpdir(), 'md-db-logins-'))
  schema = `t_logins_${run}`
  sales = await paidSales(sandbox, ledgerAs(null), [20, 20, 20])
  // The owner's desk connects as the database's administrator and gives each person a login.
  const owner = await deskAs(null, null)
  await owner.people.add({ name: 'Olivia', role: 'owner', secret: SECRETS.Olivia })
  await owner.session.unlock('Olivia', SECRETS.Olivia)
  await owner.people.add({ name: 'Sam', role: 'staff', secret: SECRETS.Sam })
  await owner.people.add({ name: 'Maya', role: 'manager', secret: SECRETS.Maya })
  await owner.people.add({ name: 'Ada', role: 'accountant', secret: SECRETS.Ada })
  await owner.people.grantLogin({ person: 'Sam', login: LOGINS.sam, password: 'sam-database-password' })
  await owner.people.grantLogin({ person: 'Maya', login: LOGINS.maya })
  await owner.people.grantLogin({ person: 'Ada', login: LOGINS.ada })
  const row = await owner.store.db.selectFrom('payments').select('user_uid').where('identifier', '=', sales[0]!).executeTakeFirstOrThrow()
  buyerUid = row.user_uid
}, 60_000)

afterAll(async () => {
  for (const desk of open.splice(0)) await desk.close()
  await asLogin(null, async (client) => {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    for (const login of Object.values(LOGINS)) await client.query(`DROP ROLE IF EXISTS "${login}"`)
  }).catch(() => undefined)
  await sandbox?.close()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe("four eyes in a team's PostgreSQL ledger, for people's own logins", () => {
  let samsRequest: number

  it("records each person's login, and the app works as the staff's own login: reads, syncs, refunds within policy, asks above it", async () => {
    const owner = open[0]!
    expect((await owner.people.list()).map((person) => [person.name, person.dbLogin])).toEqual([
      ['Ada', LOGINS.ada],
      ['Maya', LOGINS.maya],
      ['Olivia', null],
      ['Sam', LOGINS.sam]
    ])
    const audit = await owner.store.db.selectFrom('audit_log').select(['actor', 'subject', 'after_json']).where('action', '=', 'person.db_login').orderBy('seq').execute()
    expect(audit.map((entry) => [entry.actor, entry.subject])).toEqual([
      ['Olivia', 'Sam'],
      ['Olivia', 'Maya'],
      ['Olivia', 'Ada']
    ])
    expect(audit.map((entry) => entry.after_json).join()).not.toContain('sam-database-password')

    const sam = await deskAs(LOGINS.sam, 'Sam')
    const who = await sql<{ login: string }>`SELECT session_user AS login`.execute(sam.store.db)
    expect(who.rows).toEqual([{ login: LOGINS.sam }])
    const payments = await sam.store.db.selectFrom('payments').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
    expect(payments.n).toBeGreaterThanOrEqual(3n)
    await (await sam.workspace()).sync().run()

    const paidBefore = appWalletPayments(sandbox).length
    const refund = await sam.payouts.refund({ idempotencyKey: key(), paymentId: sales[0]!, amount: '5', confirmAmount: '5', reason: 'damaged', reasonText: 'a cracked cup' })
    expect(refund).toMatchObject({ state: 'completed', requestedBy: 'Sam' })
    expect(appWalletPayments(sandbox).slice(paidBefore).map((payment) => payment.amount)).toEqual([5n * PI])

    const asked = sam.payouts.refund({ idempotencyKey: key(), paymentId: sales[1]!, amount: '15', confirmAmount: '15', reason: 'damaged', reasonText: 'the whole set broke' })
    await expect(asked).rejects.toMatchObject({ code: 'approval_requested' })
    samsRequest = Number(((await asked.catch((error: { details: { requestId: number } }) => error)) as { details: { requestId: number } }).details.requestId)
    const request = await sam.store.db.selectFrom('approval_requests').selectAll().where('id', '=', BigInt(samsRequest)).executeTakeFirstOrThrow()
    expect(request).toMatchObject({ requested_by: 'Sam', state: 'open', amount_stroops: 15n * PI })
    expect(appWalletPayments(sandbox).length).toBe(paidBefore + 1)
  }, 60_000)

  it("keeps the staff's password as a SCRAM verifier the server itself would make, and never a login that administers the ledger", async () => {
    const stored = await asLogin(null, async (client) => {
      const { rows } = await client.query<{ password: string }>('SELECT rolpassword AS password FROM pg_authid WHERE rolname = $1', [LOGINS.sam])
      return rows[0]!.password
    })
    const [, iterations, salt] = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(stored) ?? []
    expect(stored).toBe(scramVerifier('sam-database-password', Buffer.from(salt!, 'base64'), Number(iterations)))
    // The server's own verifier for a password, made the server's way, matches ours for it.
    const probe = `md_probe_${run}`
    const made = await asLogin(null, async (client) => {
      await client.query("SET password_encryption = 'scram-sha-256'")
      await client.query(`CREATE ROLE ${probe} LOGIN PASSWORD 'pencil-and-paper'`)
      try {
        const { rows } = await client.query<{ password: string }>('SELECT rolpassword AS password FROM pg_authid WHERE rolname = $1', [probe])
        return rows[0]!.password
      } finally {
        await client.query(`DROP ROLE ${probe}`)
      }
    })
    const [, madeIterations, madeSalt] = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(made) ?? []
    expect(scramVerifier('pencil-and-paper', Buffer.from(madeSalt!, 'base64'), Number(madeIterations))).toBe(made)

    const owner = open[0]!
    const administrator = new URL(testPostgresUrl()).username || 'postgres'
    await expect(owner.people.grantLogin({ person: 'Sam', login: administrator })).rejects.toMatchObject({ code: 'db_login_administrator' })
    await expect(owner.people.grantLogin({ person: 'Maya', login: LOGINS.sam })).rejects.toMatchObject({ code: 'db_login_taken', message: expect.stringMatching(/already Sam's/) })
    await expect(owner.people.grantLogin({ person: 'Maya', login: 'Bad Name' })).rejects.toMatchObject({ code: 'db_login_invalid' })
    expect((await owner.people.list()).find((person) => person.name === 'Sam')?.dbLogin).toBe(LOGINS.sam)
    // Granting again (after an upgrade, say) reuses the login and gives it the same share again.
    expect(await owner.people.grantLogin({ person: 'Maya', login: LOGINS.maya })).toEqual({ person: 'Maya', role: 'manager', login: LOGINS.maya, created: false })
    const mayasWrites = await asLogin(LOGINS.maya, (client) => client.query(`SELECT has_column_privilege('approval_requests', 'decided_by', 'UPDATE') AS decide, has_table_privilege('refund_policy', 'UPDATE') AS policy`))
    expect(mayasWrites.rows).toEqual([{ decide: true, policy: false }])
  })

  it("refuses an approval written by SQL as the staff's own login, in their own name or the manager's", async () => {
    await asLogin(LOGINS.sam, async (client) => {
      // Staff's login holds no UPDATE on the requests at all.
      await expect(approveBySql(client, samsRequest, 'Sam')).rejects.toMatchObject({ code: '42501' })
      await expect(approveBySql(client, samsRequest, 'Maya')).rejects.toMatchObject({ code: '42501' })
      // It may ask, but only in Sam's own name.
      await expect(
        client.query(
          `INSERT INTO approval_requests (idempotency_key, network_id, kind, refund_of, user_uid, amount_stroops, memo, rule, requested_by, requested_at, state)
           VALUES ($1, 'sandbox', 'refund', $2, $3, $4, 'refund', 'by hand', 'Maya', $5, 'open')`,
          [key(), sales[2], buyerUid, 3n * PI, Date.now()]
        )
      ).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/is Sam's: it may not ask .* in the name of Maya/) })
    })
    // Even were the staff's login granted UPDATE by mistake, the database's own check refuses.
    await asLogin(null, (client) => client.query(`GRANT UPDATE ON approval_requests TO ${LOGINS.sam}`))
    try {
      await asLogin(LOGINS.sam, async (client) => {
        await expect(approveBySql(client, samsRequest, 'Sam')).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/is Sam's own/) })
        await expect(approveBySql(client, samsRequest, 'Maya')).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/is Sam's: it may not decide request \d+ in the name of Maya/) })
        await expect(client.query(`UPDATE approval_requests SET amount_stroops = 1 WHERE id = $1`, [samsRequest])).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/cannot be changed once asked/) })
      })
    } finally {
      await asLogin(null, (client) => client.query(`REVOKE UPDATE ON approval_requests FROM ${LOGINS.sam}`))
    }
    const request = await asLogin(null, (client) => client.query('SELECT state, decided_by FROM approval_requests WHERE id = $1', [samsRequest]))
    expect(request.rows).toEqual([{ state: 'open', decided_by: null }])
  })

  it("lets the staff's login record refunds only in Sam's own name, and never rewrite who asked or how much", async () => {
    const wallet = sandbox.appWallet.publicKey
    await asLogin(LOGINS.sam, async (client) => {
      await expect(
        client.query(
          `INSERT INTO payouts (idempotency_key, network_id, app_wallet, kind, refund_of, user_uid, amount_stroops, memo, state, requested_by, created_at, updated_at)
           VALUES ($1, 'sandbox', $2, 'refund', $3, $4, $5, 'refund', 'recorded', 'Maya', $6, $6)`,
          [key(), wallet, sales[2], buyerUid, 3n * PI, Date.now()]
        )
      ).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/is Sam's: it may not record a refund or payout in the name of Maya/) })
      await expect(client.query(`UPDATE payouts SET requested_by = 'Maya'`)).rejects.toMatchObject({ code: '42501' })
      await expect(client.query(`UPDATE payouts SET amount_stroops = 1`)).rejects.toMatchObject({ code: '42501' })
    })
    const rows = await asLogin(null, (client) => client.query('SELECT requested_by, amount_stroops::text AS amount FROM payouts ORDER BY id'))
    expect(rows.rows).toEqual([{ requested_by: 'Sam', amount: String(5n * PI) }])
  })

  it("refuses the staff's login a refund in Sam's own name above what staff may refund at once", async () => {
    const wallet = sandbox.appWallet.publicKey
    await asLogin(LOGINS.sam, async (client) => {
      await expect(
        client.query(
          `INSERT INTO payouts (idempotency_key, network_id, app_wallet, kind, refund_of, user_uid, amount_stroops, memo, state, requested_by, created_at, updated_at)
           VALUES ($1, 'sandbox', $2, 'refund', $3, $4, $5, 'refund', 'recorded', 'Sam', $6, $6)`,
          [key(), wallet, sales[2], buyerUid, 15n * PI, Date.now()]
        )
      ).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/Sam works as staff, who may pay at most 10 Pi at once without approval: this refund of 15 Pi needs/) })
    })
    // Granting the logins wrote the roles' rows as the defaults stood, so the database and the app agree.
    const policy = await asLogin(null, (client) => client.query("SELECT role, max_refund_stroops::text AS most FROM refund_policy ORDER BY role"))
    expect(policy.rows).toEqual([{ role: 'manager', most: null }, { role: 'staff', most: String(10n * PI) }])
  })

  it("accepts the same approval as the manager's own login, never in another's name", async () => {
    await asLogin(LOGINS.maya, async (client) => {
      await expect(approveBySql(client, samsRequest, 'Olivia')).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/is Maya's: it may not decide/) })
      await expect(approveBySql(client, samsRequest, 'Sam')).rejects.toMatchObject({ code: '42501' })
      // Accepted, then rolled back: the app pays an approval it made itself (next test).
      await client.query('BEGIN')
      expect((await approveBySql(client, samsRequest, 'Maya')).rowCount).toBe(1)
      await client.query('ROLLBACK')
    })
  })

  it("lets the manager's desk, as her own login, approve and pay Sam's request, and refuses her own request by SQL", async () => {
    const maya = await deskAs(LOGINS.maya, 'Maya')
    const paidBefore = appWalletPayments(sandbox).length
    const { request, payout } = await maya.payouts.approve(samsRequest, 'a whole set, fine')
    expect(request).toMatchObject({ state: 'paid', decidedBy: 'Maya', requestedBy: 'Sam' })
    expect(payout).toMatchObject({ state: 'completed' })
    expect(appWalletPayments(sandbox).slice(paidBefore).map((payment) => payment.amount)).toEqual([15n * PI])

    // Maya's own payout above her 100 Pi waits for someone else; her login cannot approve it.
    const asked = maya.payouts.payout({ idempotencyKey: key(), uid: buyerUid, amount: '150', confirmAmount: '150', memo: 'Prize' })
    const error = (await asked.catch((caught: unknown) => caught)) as { code: string; details: { requestId: number } }
    expect(error.code).toBe('approval_requested')
    await asLogin(LOGINS.maya, async (client) => {
      await expect(approveBySql(client, error.details.requestId, 'Maya')).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/is Maya's own/) })
    })
  }, 60_000)

  it("refuses a decision the desk's login may not make, with a sentence: Maya deciding at a desk connected as Sam's login, Olivia at one connected as Maya's", async () => {
    const sam = await deskAs(LOGINS.sam, 'Sam')
    const asked = sam.payouts.refund({ idempotencyKey: key(), paymentId: sales[2]!, amount: '15', confirmAmount: '15', reason: 'damaged', reasonText: 'lost in the post' })
    const request = (await asked.catch((caught: unknown) => caught)) as { code: string; details: { requestId: number } }
    expect(request.code).toBe('approval_requested')
    // Maya unlocks the desk Sam's login connects: the app lets a manager deny, the database does not let Sam's login.
    await sam.session.unlock('Maya', SECRETS.Maya)
    await expect(sam.payouts.deny(request.details.requestId, 'not this week')).rejects.toMatchObject({
      code: 'not_allowed',
      message: expect.stringMatching(new RegExp(`does not let the login ${LOGINS.sam} do this`))
    })
    // Olivia at the desk Maya's login connects: the app lets an owner approve; the database's own
    // check refuses a decision in a name that is not its login's, and the desk says so in words.
    const maya = await deskAs(LOGINS.maya, null)
    await maya.session.unlock('Olivia', SECRETS.Olivia)
    await expect(maya.payouts.approve(request.details.requestId, 'fine by me')).rejects.toMatchObject({
      code: 'not_allowed',
      message: expect.stringMatching(new RegExp(`^The team database login ${LOGINS.maya} is Maya's: it may not decide request ${request.details.requestId} in the name of Olivia\\. Nothing was changed\\.$`))
    })
    const still = await asLogin(null, (client) => client.query('SELECT state FROM approval_requests WHERE id = $1', [request.details.requestId]))
    expect(still.rows).toEqual([{ state: 'open' }])
  })

  it("gives the accountant's login the books but no money: it cannot update payouts or ask for refunds", async () => {
    await asLogin(LOGINS.ada, async (client) => {
      expect((await client.query('SELECT count(*)::int AS n FROM payouts')).rows).toEqual([{ n: 2 }])
      await expect(client.query(`UPDATE payouts SET state = 'completed'`)).rejects.toMatchObject({ code: '42501' })
      await expect(client.query(`UPDATE approval_requests SET decision_note = 'x'`)).rejects.toMatchObject({ code: '42501' })
      await expect(client.query(`DELETE FROM payments`)).rejects.toMatchObject({ code: '42501' })
    })
    // Her desk reads, syncs, reconciles and exports as her own login.
    const ada = await deskAs(LOGINS.ada, 'Ada')
    await (await ada.workspace()).sync().run()
    expect(await ada.payouts.list('sandbox')).toHaveLength(2)
    const today = new Date().toISOString().slice(0, 10)
    const run = await ada.router.call('reconcile:run', { from: '2020-01-01', to: today })
    expect(run.ok ? run.value.paymentsChecked : run.error).toBeGreaterThan(0)
    const report = await ada.router.call('reconcile:report', { runId: run.ok ? run.value.id : 0 })
    const item = report.ok ? report.value.groups[0]?.items[0] : undefined
    if (item !== undefined) expect(await ada.router.call('reconcile:resolve', { itemId: item.id, note: 'Checked by Ada' })).toMatchObject({ ok: true })
    expect(await ada.router.call('exports:run', { report: 'payments', from: today, to: today })).toMatchObject({ ok: true })
    // And the app refuses her money, before the database would.
    await expect(ada.payouts.refund({ idempotencyKey: key(), paymentId: sales[2]!, amount: '1', confirmAmount: '1', reason: 'damaged', reasonText: 'x' })).rejects.toMatchObject({ code: 'not_allowed' })
  }, 60_000)

  it("takes back a removed person's login: it no longer reads the ledger", async () => {
    const owner = open[0]!
    await owner.people.remove('Ada')
    await asLogin(LOGINS.ada, async (client) => {
      await expect(client.query(`SELECT count(*) FROM "${schema}".payouts`)).rejects.toMatchObject({ code: '42501' })
    })
  })
})
