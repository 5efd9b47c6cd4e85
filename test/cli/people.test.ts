// Issue 18 on the command line, as people type it: real `merchant-desk` processes on one ledger
// file, against the sandbox's Pi Platform and Horizon (on loopback, in this test's process, so the
// calls they received and the chain's balances can be read). The person acting comes from
// MERCHANT_DESK_USER and MERCHANT_DESK_USER_SECRET; each rule is proved by exit codes, sentences,
// rows of the ledger (approval_requests, payouts, the audit log), the Pi payments the simulated Pi
// server was asked to create and what the simulated chain paid, never by the CLI's word alone.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db'
import { trackPayments } from '../../src/main/tracking'
import type { RunningSandbox } from '../../src/sandbox'
import { ledgerSql, tempDatabasePath } from '../support'
import { openPayoutWorld, PI, requestKey, startPayoutSandbox, type PayoutWorld } from '../main/payouts/fixture'

const CLI = resolve('bin/merchant-desk.js')

let sandbox: RunningSandbox
let dir: string
let db: string
/** The test's own view of the ledger and the sandbox (sales, the chain, the wallet). */
let world: PayoutWorld

interface Ran {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

interface Who {
  readonly user?: string
  readonly secret?: string
  readonly newSecret?: string
}

const SECRETS: Readonly<Record<string, string>> = { Ana: 'ana owner passphrase', Mia: '4711', Sam: 'sam-1234', Alex: 'ledger lines' }
const unlocked = (user: string): Who => ({ user, secret: SECRETS[user]! })

function cli(args: readonly string[], who: Who = {}): Promise<Ran> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PI_API_KEY: sandbox.apiKey,
    PI_WALLET_SEED: sandbox.appWallet.seed,
    MERCHANT_DESK_DATA_DIR: join(dir, 'data'),
    MERCHANT_DESK_DEBUG: ''
  }
  for (const name of ['MERCHANT_DESK_USER', 'MERCHANT_DESK_USER_SECRET', 'MERCHANT_DESK_NEW_SECRET', 'MERCHANT_DESK_CRASH_AT']) delete env[name]
  if (who.user !== undefined) env.MERCHANT_DESK_USER = who.user
  if (who.secret !== undefined) env.MERCHANT_DESK_USER_SECRET = who.secret
  if (who.newSecret !== undefined) env.MERCHANT_DESK_NEW_SECRET = who.newSecret
  const argv = [CLI, ...args, '--db', db, '--network', 'sandbox', '--platform-url', sandbox.platformUrl, '--horizon-url', sandbox.horizonUrl]
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('error', fail)
    child.once('close', (code) => done({ code: code ?? -1, stdout, stderr }))
  })
}

async function rows<R>(text: string, ...parameters: unknown[]): Promise<R[]> {
  const store = openDatabase(db)
  try {
    return await ledgerSql(store).all<R>(text, ...parameters)
  } finally {
    store.close()
  }
}

async function run(text: string, ...parameters: unknown[]): Promise<void> {
  const store = openDatabase(db)
  try {
    await ledgerSql(store).run(text, ...parameters)
  } finally {
    store.close()
  }
}

/** Pi payments the app asked the simulated Pi server to create (refunds and payouts). */
const a2uCreates = () => sandbox.platform.requests.count('POST /v2/payments')

interface AuditRow {
  actor: string
  action: string
  subject: string | null
  after_json: string | null
}
const auditSince = (seq: bigint) => rows<AuditRow & { seq: bigint }>('SELECT seq, actor, action, subject, after_json FROM audit_log WHERE seq > ? ORDER BY seq', seq)
const lastSeq = async () => (await rows<{ seq: bigint | null }>('SELECT max(seq) AS seq FROM audit_log'))[0]?.seq ?? 0n

beforeAll(async () => {
  sandbox = await startPayoutSandbox()
  dir = await mkdtemp(join(tmpdir(), 'md-cli-people-'))
  db = tempDatabasePath(dir, 'shop.sqlite')
  world = openPayoutWorld(sandbox, { databasePath: db })
}, 60_000)

afterAll(async () => {
  world?.close()
  await sandbox?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('people on the command line', () => {
  it('adds the owner first (as the OS user), then asks every command who is working; help and the sandbox need nobody', async () => {
    const staffFirst = await cli(['people', 'add', 'Sam', '--role', 'staff'], { newSecret: SECRETS.Sam! })
    expect(staffFirst.code).toBe(1)
    expect(staffFirst.stderr).toMatch(/^merchant-desk: The first person must be an owner/)

    const noSecret = await cli(['people', 'add', 'Ana', '--role', 'owner'])
    expect(noSecret.code).toBe(1)
    expect(noSecret.stderr).toBe("merchant-desk: Give Ana's secret in MERCHANT_DESK_NEW_SECRET, or run this on a terminal to type it. Nothing was saved.\n")

    const owner = await cli(['people', 'add', 'Ana', '--role', 'owner'], { newSecret: SECRETS.Ana! })
    expect(owner.code, owner.stderr).toBe(0)
    expect(owner.stdout).toMatch(/^Added Ana as owner\.\nThis ledger has people now: every command needs MERCHANT_DESK_USER and MERCHANT_DESK_USER_SECRET\.\n$/)

    const [nobody, help, sandboxStop, team] = await Promise.all([
      cli(['people', 'list']),
      cli(['refund', '--help']),
      cli(['sandbox', '--stop']),
      Promise.all([
        cli(['people', 'add', 'Mia', '--role', 'manager'], { ...unlocked('Ana'), newSecret: SECRETS.Mia! }),
        cli(['people', 'add', 'Sam', '--role', 'staff'], { ...unlocked('Ana'), newSecret: SECRETS.Sam! }),
        cli(['people', 'add', 'Alex', '--role', 'accountant'], { ...unlocked('Ana'), newSecret: SECRETS.Alex! })
      ])
    ])
    expect(nobody.code).toBe(1)
    expect(nobody.stdout).toBe('')
    expect(nobody.stderr).toMatch(/^merchant-desk: This ledger has people: set MERCHANT_DESK_USER to your name and MERCHANT_DESK_USER_SECRET to your secret/)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: merchant-desk refund/)
    expect(sandboxStop.code).toBe(0)
    for (const added of team) expect(added.code, added.stderr).toBe(0)

    const listed = await cli(['people', 'list', '--json'], unlocked('Sam'))
    expect(listed.code, listed.stderr).toBe(0)
    const people = (JSON.parse(listed.stdout) as { items: { name: string; role: string; addedBy: string }[] }).items
    expect(people.map(({ name, role, addedBy }) => ({ name, role, addedBy }))).toEqual([
      { name: 'Alex', role: 'accountant', addedBy: 'Ana' },
      { name: 'Ana', role: 'owner', addedBy: expect.any(String) },
      { name: 'Mia', role: 'manager', addedBy: 'Ana' },
      { name: 'Sam', role: 'staff', addedBy: 'Ana' }
    ])
    expect(listed.stdout).not.toMatch(/secret|scrypt/i)
    // The secrets are kept hashed, never as typed: each stored form is scrypt's parameters, a salt and
    // a hash in hex, and nothing else. (A substring search would be flaky: the PIN '4711' turns up in
    // about one random hex hash in two hundred.)
    const stored = await rows<{ secret_json: string }>('SELECT secret_json FROM people')
    expect(stored).toHaveLength(4)
    for (const row of stored) {
      expect(JSON.parse(row.secret_json)).toEqual({ algorithm: 'scrypt', N: expect.any(Number), r: expect.any(Number), p: expect.any(Number), salt: expect.stringMatching(/^[0-9a-f]{32}$/), hash: expect.stringMatching(/^[0-9a-f]{64}$/) })
    }
    for (const secret of Object.values(SECRETS).filter((typed) => /[^0-9a-f]/.test(typed))) expect(stored.some((row) => row.secret_json.includes(secret))).toBe(false)
  }, 120_000)

  it('refuses an unknown person and wrong secrets, audits each try, and makes the next wait after three', async () => {
    const before = await lastSeq()
    const unknown = await cli(['payouts'], { user: 'Zoe', secret: 'anything' })
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toBe('merchant-desk: Nobody called "Zoe" works at this desk. Check the name (`merchant-desk people list`).\n')
    const secretless = await cli(['payouts'], { user: 'Alex' })
    expect(secretless.code).toBe(1)
    expect(secretless.stderr).toBe("merchant-desk: Set MERCHANT_DESK_USER_SECRET to Alex's secret (never on the command line). Nothing was done.\n")

    const wrong: Ran[] = []
    for (let attempt = 1; attempt <= 4; attempt += 1) wrong.push(await cli(['payouts'], { user: 'Alex', secret: `guess-${attempt}` }))
    for (const refused of wrong) {
      expect(refused.code).toBe(1)
      expect(refused.stderr).toMatch(/^merchant-desk: That is not Alex's secret\. Try again/)
      expect(refused.stdout).toBe('')
    }
    // The fourth wrong secret started a wait: now even the right one is refused until it is over.
    const waiting = await cli(['payouts'], unlocked('Alex'))
    expect(waiting.code).toBe(1)
    expect(waiting.stderr).toMatch(/^merchant-desk: Too many wrong secrets for Alex: wait \d+ seconds before trying again\.\n$/)

    const audited = await auditSince(before)
    expect(audited.map((entry) => [entry.actor, entry.action, entry.subject, JSON.parse(entry.after_json ?? '{}').reason])).toEqual([
      ['unknown person', 'person.unlock_refused', 'Zoe', 'unknown person'],
      ...Array.from({ length: 4 }, () => ['Alex', 'person.unlock_refused', 'Alex', 'wrong secret']),
      ['Alex', 'person.unlock_refused', 'Alex', 'waiting after wrong secrets']
    ])
    // What was typed is never in the log.
    for (const entry of audited) expect(entry.after_json ?? '').not.toMatch(/guess-|anything|ledger lines/)
    expect((await rows<{ failed_unlocks: bigint }>("SELECT failed_unlocks FROM people WHERE name = 'Alex'"))[0]?.failed_unlocks).toBe(4n)
  }, 120_000)

  it('an accountant cannot refund: refused with a sentence before anything reaches Pi, and audited', async () => {
    const sale = await world.completedSale(20)
    const creates = a2uCreates()
    const balance = world.walletBalance()
    const before = await lastSeq()
    // Wait out Alex's slowdown from the test above (8 seconds after the fourth wrong secret).
    const blockedUntil = (await rows<{ until: bigint | null }>("SELECT unlock_blocked_until AS until FROM people WHERE name = 'Alex'"))[0]?.until ?? 0n
    await new Promise((done) => setTimeout(done, Math.max(0, Number(blockedUntil) - Date.now() + 200)))

    const refund = await cli(['refund', sale, '--amount', '1', '--reason', 'damaged', '--yes'], unlocked('Alex'))
    expect(refund.code).toBe(1)
    expect(refund.stderr).toBe('merchant-desk: Alex works as an accountant, who may not refund sales: ask an owner or a manager or staff. Nothing was done.\n')
    expect(a2uCreates()).toBe(creates)
    expect(world.walletBalance()).toBe(balance)
    expect(await rows('SELECT id FROM payouts')).toEqual([])
    const audited = await auditSince(before)
    expect(audited.map((entry) => [entry.actor, entry.action, entry.subject])).toEqual([
      ['Alex', 'person.unlock', 'Alex'],
      ['Alex', 'access.refused', 'refund']
    ])
    // Nor may they copy the ledger away: that is an owner's.
    const copy = await cli(['db', 'copy', '--from', db, '--to', join(dir, 'copy.sqlite')], unlocked('Alex'))
    expect(copy.code).toBe(1)
    expect(copy.stderr).toMatch(/^merchant-desk: Alex works as an accountant, who may not change the team database: ask an owner\./)
  }, 120_000)

  let requested: { sale: string; id: number }

  it('staff above their limit: exit 4, a request row, nothing created at Pi, nothing paid on chain', async () => {
    const sale = await world.completedSale(20)
    const creates = a2uCreates()
    const balance = world.walletBalance()
    const asked = await cli(['refund', sale, '--amount', '12', '--reason', 'the parcel never arrived', '--yes'], unlocked('Sam'))
    expect(asked.code, asked.stderr).toBe(4)
    expect(asked.stdout).toMatch(new RegExp(`^Waiting for approval: request (\\d+), refund of 12\\.0000000 Pi of payment ${sale}, asked by Sam \\(12\\.0000000 Pi is above the 10\\.0000000 Pi staff may refund at once\\)\\. Nothing was paid\\.\\n$`))
    expect(asked.stderr).toMatch(/^merchant-desk: The refund of 12\.0000000 Pi waits for approval as request \d+: .*Nothing was paid; an owner or a manager other than Sam can approve it\.\n$/)
    const id = Number(/request (\d+)/.exec(asked.stdout)?.[1])
    expect(await rows('SELECT state, requested_by, amount_stroops, refund_of, reason_text FROM approval_requests WHERE id = ?', id)).toEqual([
      { state: 'open', requested_by: 'Sam', amount_stroops: 12n * PI, refund_of: sale, reason_text: 'the parcel never arrived' }
    ])
    expect(a2uCreates()).toBe(creates)
    expect(world.walletBalance()).toBe(balance)
    expect(await rows('SELECT id FROM payouts')).toEqual([])
    requested = { sale, id }

    // A payout by staff always waits (the default policy); --json prints the request itself.
    const buyer = world.buyer()
    const payout = await cli(['payout', buyer.uid, '--amount', '2', '--memo', 'Weekly reward', '--yes', '--json'], unlocked('Sam'))
    expect(payout.code, payout.stderr).toBe(4)
    expect(JSON.parse(payout.stdout)).toMatchObject({ kind: 'payout', state: 'open', uid: buyer.uid, amount: '2.0000000', requestedBy: 'Sam', rule: 'every payout by staff needs approval' })
    expect(a2uCreates()).toBe(creates)

    const waiting = await cli(['requests', '--json'], unlocked('Alex'))
    expect(waiting.code, waiting.stderr).toBe(0)
    expect((JSON.parse(waiting.stdout) as { items: { id: number; state: string }[] }).items.map((item) => item.state)).toEqual(['open', 'open'])
  }, 120_000)

  it('the requester cannot approve their own request, nor staff anyone\u2019s; a denial needs a note', async () => {
    const creates = a2uCreates()
    const balance = world.walletBalance()
    // A manager's payout above 100 Pi waits too, and the manager cannot approve it themselves.
    const buyer = world.buyer()
    const asked = await cli(['payout', buyer.uid, '--amount', '101', '--memo', 'Prize', '--yes'], unlocked('Mia'))
    expect(asked.code, asked.stderr).toBe(4)
    const own = Number(/request (\d+)/.exec(asked.stdout)?.[1])
    const before = await lastSeq()
    const [selfApproval, staffApproval] = await Promise.all([
      cli(['requests', 'approve', String(own), '--note', 'fine by me'], unlocked('Mia')),
      cli(['requests', 'approve', String(requested.id)], unlocked('Sam'))
    ])
    expect(selfApproval.code).toBe(1)
    expect(selfApproval.stderr).toBe(`merchant-desk: Request ${own} is your own: another person with the right (an owner or a manager) must approve or deny it. Nothing was paid.\n`)
    expect(staffApproval.code).toBe(1)
    expect(staffApproval.stderr).toBe("merchant-desk: Sam works as staff, who may not approve or deny other people's requests: ask an owner or a manager. Nothing was done.\n")

    const noNote = await cli(['requests', 'deny', String(own)], unlocked('Ana'))
    expect(noNote.code).toBe(1)
    expect(noNote.stderr).toMatch(new RegExp(`^merchant-desk: Say why request ${own} is denied \\(--note\\)`))
    const denied = await cli(['requests', 'deny', String(own), '--note', 'prizes go through the shop'], unlocked('Ana'))
    expect(denied.code, denied.stderr).toBe(0)
    expect(denied.stdout).toBe(`Request ${own} denied by Ana: prizes go through the shop. Nothing was paid.\n`)
    expect(await rows('SELECT state, decided_by, decision_note, payout_id FROM approval_requests WHERE id = ?', own)).toEqual([
      { state: 'denied', decided_by: 'Ana', decision_note: 'prizes go through the shop', payout_id: null }
    ])
    const audited = (await auditSince(before)).filter((entry) => !entry.action.startsWith('person.'))
    expect(audited.map((entry) => [entry.actor, entry.action, entry.subject, JSON.parse(entry.after_json ?? '{}').code])).toEqual(
      expect.arrayContaining([
        ['Mia', 'request.approve_refused', String(own), 'own_request'],
        ['Sam', 'access.refused', 'approve', undefined],
        ['Ana', 'request.deny_refused', String(own), 'deny_note_missing'],
        ['Ana', 'payout.deny', buyer.uid, undefined]
      ])
    )
    expect(audited).toHaveLength(4)
    expect(a2uCreates()).toBe(creates)
    expect(world.walletBalance()).toBe(balance)
    expect(await rows('SELECT id FROM payouts')).toEqual([])
  }, 120_000)

  it("a manager's approval pays exactly once on chain; approving again pays nothing more; the audit names both people", async () => {
    const creates = a2uCreates()
    const balance = world.walletBalance()
    const approved = await cli(['requests', 'approve', String(requested.id), '--note', 'checked with the buyer'], unlocked('Mia'))
    expect(approved.code, approved.stderr).toBe(0)
    expect(approved.stdout).toMatch(new RegExp(`^Request ${requested.id} approved by Mia \\(asked by Sam\\):\\n#1  Refund of ${requested.sale}  12\\.0000000 Pi  Completed`))
    const [payout] = await rows<{ id: bigint; state: string; pi_payment_id: string; requested_by: string }>('SELECT id, state, pi_payment_id, requested_by FROM payouts')
    expect(payout).toMatchObject({ state: 'completed', requested_by: 'Sam' })
    expect(world.paymentsOnChain(payout!.pi_payment_id)).toHaveLength(1)
    expect(world.paymentsOnChain(payout!.pi_payment_id)[0]?.amount).toBe(12n * PI)
    expect(a2uCreates()).toBe(creates + 1)
    expect(balance - world.walletBalance()).toBeGreaterThanOrEqual(12n * PI)
    expect(await rows('SELECT state, decided_by, payout_id FROM approval_requests WHERE id = ?', requested.id)).toEqual([{ state: 'paid', decided_by: 'Mia', payout_id: payout!.id }])

    const again = await cli(['requests', 'approve', String(requested.id)], unlocked('Ana'))
    expect(again.code).toBe(1)
    expect(again.stderr).toBe(`merchant-desk: Request ${requested.id} was already approved and paid (refund or payout number ${payout!.id}). Nothing more was paid.\n`)
    expect(a2uCreates()).toBe(creates + 1)
    expect(world.paymentsOnChain(payout!.pi_payment_id)).toHaveLength(1)
    expect(await rows('SELECT id FROM payouts')).toHaveLength(1)

    const audit = await cli(['audit', '--payment', requested.sale, '--limit', '50'], unlocked('Alex'))
    expect(audit.code, audit.stderr).toBe(0)
    expect(audit.stdout).toMatch(new RegExp(`  Sam  refund\\.ask_approval  ${requested.sale}  `))
    expect(audit.stdout).toMatch(new RegExp(`  Mia  refund\\.approve  ${requested.sale}  `))
    // Every entry names its person: the refund's journal steps are Mia's, who approved it.
    const actors = audit.stdout.trim().split('\n').map((line) => line.split('  ')[2])
    expect(new Set(actors)).toEqual(new Set(['Sam', 'Mia']))
  }, 120_000)

  it('a request whose sale was refunded in full meanwhile (from another desk) is refused, and so is its approval once expired', async () => {
    const sale = await world.completedSale(20)
    const asked = await cli(['refund', sale, '--amount', '15', '--reason', 'never arrived, says the buyer', '--yes'], unlocked('Sam'))
    expect(asked.code, asked.stderr).toBe(4)
    const id = Number(/request (\d+)/.exec(asked.stdout)?.[1])

    // The owner refunds the whole sale at the shop's other desk (its own ledger file, which knows
    // nothing of this ledger's request): the refund is on chain before the request is decided.
    const otherDesk = openPayoutWorld(sandbox, { databasePath: tempDatabasePath(dir, 'other-desk.sqlite'), actor: 'Ana' })
    try {
      await trackPayments({ store: otherDesk.store, pi: otherDesk.pi, horizon: otherDesk.horizon, networkId: 'sandbox', appWallet: sandbox.appWallet.publicKey, ids: [sale] })
      const full = await otherDesk.service.refund({ idempotencyKey: requestKey(), paymentId: sale, amount: '20', confirmAmount: '20', reason: 'customer_request' })
      expect(full.state).toBe('completed')
    } finally {
      otherDesk.close()
    }

    const creates = a2uCreates()
    const balance = world.walletBalance()
    const before = await lastSeq()
    const approval = await cli(['requests', 'approve', String(id), '--note', 'ok'], unlocked('Mia'))
    expect(approval.code).toBe(1)
    expect(approval.stderr).toBe(`merchant-desk: Payment ${sale} has already been refunded in full. Nothing was paid.\n`)
    expect(a2uCreates()).toBe(creates)
    expect(world.walletBalance()).toBe(balance)
    expect(await rows('SELECT id FROM payouts WHERE refund_of = ?', sale)).toEqual([])
    const refusals = (await auditSince(before)).filter((entry) => entry.action === 'request.approve_refused')
    expect(refusals.map((entry) => [entry.actor, entry.subject, JSON.parse(entry.after_json ?? '{}').code])).toEqual([['Mia', String(id), 'refund_above_remainder']])

    // Its approval stays on record, good for 24 hours. The CLI has no clock to move, so the test
    // writes the expiry into the past on its own handle, as 24 hours passing would leave it.
    expect(await rows('SELECT state, decided_by FROM approval_requests WHERE id = ?', id)).toEqual([{ state: 'approved', decided_by: 'Mia' }])
    await run('UPDATE approval_requests SET approval_expires_at = ? WHERE id = ?', Date.now() - 60_000, id)
    const expired = await cli(['requests', 'approve', String(id)], unlocked('Ana'))
    expect(expired.code).toBe(1)
    expect(expired.stderr).toMatch(new RegExp(`^merchant-desk: The approval of request ${id} expired at \\S+ before it was paid: ask for the refund again\\. Nothing was paid\\.\\n$`))
    expect(a2uCreates()).toBe(creates)
    expect(world.walletBalance()).toBe(balance)
    const last = (await auditSince(before)).filter((entry) => entry.action === 'request.approve_refused').at(-1)
    expect([last?.actor, JSON.parse(last?.after_json ?? '{}').code]).toEqual(['Ana', 'approval_expired'])
  }, 120_000)

  it("staff's daily limit holds across two processes refunding at once: one is paid, the other waits for approval", async () => {
    const policy = await cli(['policy', 'set', '--role', 'staff', '--max-refund', '10', '--daily-limit', '5'], unlocked('Ana'))
    expect(policy.code, policy.stderr).toBe(0)
    const [first, second] = [await world.completedSale(10), await world.completedSale(10)]
    const creates = a2uCreates()
    const payoutsBefore = (await rows('SELECT id FROM payouts')).length
    const requestsBefore = (await rows('SELECT id FROM approval_requests')).length
    // Sam has refunded nothing today on their own (the approved refund above counts as Mia's decision).
    const both = await Promise.all(
      [first, second].map((sale) => cli(['refund', sale, '--amount', '3', '--reason', 'the lid was cracked', '--yes'], unlocked('Sam')))
    )
    expect(both.map((ran) => ran.code).sort(), both.map((ran) => ran.stderr).join('\n')).toEqual([0, 4])
    const waited = both.find((ran) => ran.code === 4)!
    expect(waited.stdout).toMatch(/\(Sam has refunded 3\.0000000 Pi today; with 3\.0000000 Pi more that is above the 5\.0000000 Pi a day staff may refund\)\. Nothing was paid\.\n$/)
    const paid = await rows<{ state: string; requested_by: string; pi_payment_id: string }>('SELECT state, requested_by, pi_payment_id FROM payouts ORDER BY id')
    expect(paid).toHaveLength(payoutsBefore + 1)
    expect(paid.at(-1)).toMatchObject({ state: 'completed', requested_by: 'Sam' })
    expect(world.paymentsOnChain(paid.at(-1)!.pi_payment_id)).toHaveLength(1)
    expect(a2uCreates()).toBe(creates + 1)
    const open = await rows<{ state: string; requested_by: string }>('SELECT state, requested_by FROM approval_requests ORDER BY id')
    expect(open).toHaveLength(requestsBefore + 1)
    expect(open.at(-1)).toEqual({ state: 'open', requested_by: 'Sam' })
  }, 120_000)

  it('removes a person, who can then no longer unlock; only an owner removes, and the last owner stays while others remain', async () => {
    const [byManager, lastOwner] = await Promise.all([cli(['people', 'remove', 'Alex'], unlocked('Mia')), cli(['people', 'remove', 'Ana'], unlocked('Ana'))])
    expect(byManager.code).toBe(1)
    expect(byManager.stderr).toBe('merchant-desk: Mia works as a manager, who may not add or remove people: ask an owner. Nothing was done.\n')
    expect(lastOwner.code).toBe(1)
    expect(lastOwner.stderr).toBe('merchant-desk: Ana is the only owner: add another owner before removing them, or remove everyone else first. Nothing was changed.\n')
    const removed = await cli(['people', 'remove', 'Alex'], unlocked('Ana'))
    expect(removed.code, removed.stderr).toBe(0)
    expect(removed.stdout).toBe('Removed Alex. 3 people remain.\n')
    const gone = await cli(['payouts'], unlocked('Alex'))
    expect(gone.code).toBe(1)
    expect(gone.stderr).toBe('merchant-desk: Nobody called "Alex" works at this desk. Check the name (`merchant-desk people list`).\n')
    // The row stays, for the log that names Alex.
    expect(await rows("SELECT removed_by FROM people WHERE name = 'Alex'")).toEqual([{ removed_by: 'Ana' }])
  }, 120_000)
})
