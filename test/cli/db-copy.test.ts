// `merchant-desk db copy` as a person moving in types it (#17 item 4): a desk's synced sandbox
// ledger, with sales, a refund paid out and its audit entries, copied into a new ledger file; the
// progress lines, the comparison printed, the rows read back from the copy and its audit chain;
// then the refusals: a target that already holds books, a missing source, a file that is not a
// ledger, and the same ledger on both sides.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditLog } from '../../src/main/audit'
import { openDatabase, type MerchantDb } from '../../src/main/db'
import { tempDatabasePath } from '../support'

const run = promisify(execFile)
let dir: string
let shop: string
let env: NodeJS.ProcessEnv

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/merchant-desk.js', ...args], { env, timeout: 120_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

/**
 * Where a copy goes: a new file, or, in the postgres project, a fresh schema of the test cluster
 * (the team database a desk moves into).
 */
function target(name: string): string {
  return tempDatabasePath(dir, `${name}.sqlite`)
}

async function reading<T>(path: string, read: (store: MerchantDb) => Promise<T>): Promise<T> {
  const store = openDatabase(path, { readonly: true })
  try {
    return await read(store)
  } finally {
    store.close()
  }
}

/** What a ledger holds, read the same way from the desk's file and from the copy. */
async function contents(store: MerchantDb) {
  const { db } = store
  return {
    payments: await db.selectFrom('payments').select(['identifier', 'amount_stroops', 'status', 'refund_of', 'refund_count']).orderBy('identifier').execute(),
    payouts: await db.selectFrom('payouts').select(['id', 'kind', 'state', 'refund_of', 'amount_stroops', 'txid', 'fee_charged_stroops']).orderBy('id').execute(),
    audit: await db.selectFrom('audit_log').select(['seq', 'action', 'subject', 'prev_hash', 'hash']).orderBy('seq').execute(),
    operations: await db.selectFrom('chain_operations').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'md-cli-db-copy-'))
  shop = join(dir, 'shop.sqlite')
  env = { ...process.env, MERCHANT_DESK_DATA_DIR: join(dir, 'data'), PI_API_KEY: '', PI_WALLET_SEED: '' }
  expect((await cli('sync', '--network', 'sandbox', '--db', shop)).code).toBe(0)
  const sale = await reading(shop, async ({ db }) => {
    const row = await db
      .selectFrom('payments')
      .select('identifier')
      .where('network_id', '=', 'sandbox')
      .where('direction', '=', 'user_to_app')
      .where('status', '=', 'completed')
      .where('chain_check', '=', 'verified')
      .where('amount_stroops', '>=', 20_000_000n)
      .where('refund_count', '=', 0n)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow()
    return row.identifier
  })
  const refund = await cli('refund', sale, '--amount', '1', '--reason', 'damaged', '--yes', '--network', 'sandbox', '--db', shop)
  expect(refund.code, refund.stderr).toBe(0)
  // The refund's own payment row arrives with the next sync, pointing at the sale.
  expect((await cli('sync', '--network', 'sandbox', '--db', shop)).code).toBe(0)
}, 240_000)

afterAll(async () => {
  await cli('sandbox', '--stop', '--db', shop)
  rmSync(dir, { recursive: true, force: true })
})

describe('merchant-desk db copy', () => {
  it('copies a synced ledger into a new ledger, prints the comparison, and the copy holds the same books', async () => {
    const team = target('team')
    const result = await cli('db', 'copy', '--from', shop, '--to', team)
    expect(result.code, result.stderr).toBe(0)

    const here = await reading(shop, contents)
    const payments = here.payments.length
    expect(here.payouts).toEqual([expect.objectContaining({ id: 1n, kind: 'refund', state: 'completed' })])
    expect(here.payments.filter((row) => row.refund_of !== null)).toHaveLength(here.payments.filter((row) => row.refund_count > 0n).length)
    expect(here.audit.length).toBeGreaterThan(0)

    // One progress line per page, each table's last one at its total.
    const progress = result.stderr.trim().split('\n')
    expect(progress.every((line) => /^copy: [a-z_]+ \d+\/\d+$/.test(line))).toBe(true)
    expect(progress).toContain(`copy: payments ${payments}/${payments}`)
    expect(progress).toContain(`copy: audit_log ${here.audit.length}/${here.audit.length}`)
    expect(progress).toContain('copy: payouts 1/1')

    const out = result.stdout
    expect(out).toContain(`Copied ${shop} into ${team}, then compared both sides.\n`)
    expect(out).toMatch(new RegExp(`\\npayments +${payments} +${payments}  same rows\\n`))
    expect(out).toMatch(new RegExp(`\\npayments_search +${payments} +${payments}  rebuilt by the copy\u2019s triggers\\n`))
    expect(out).toMatch(new RegExp(`\\nchain_operations +${here.operations.n} +${here.operations.n}  same rows\\n`))
    expect(out).toMatch(new RegExp(`\\naudit_log +${here.audit.length} +${here.audit.length}  same rows\\n`))
    expect(out).toMatch(/\npayouts +1 +1 {2}same rows\n/)
    expect(out).toMatch(/\nsecrets +\d+ +0 {2}kept on this desk/)
    // Money to the stroop, per network and direction, as summed here.
    const sales = here.payments.filter((row) => row.status === 'completed' && row.refund_of === null)
    const received = sales.reduce((sum, row) => sum + row.amount_stroops, 0n)
    expect(out).toMatch(new RegExp(`\\npayments sandbox user_to_app completed: stroops +${received} +${received}\\n`))
    expect(out).toMatch(/\npayouts sandbox refund completed: stroops +10000000 +10000000\n/)
    expect(out).toMatch(/\npayment totals \(daily\) sandbox app_to_user: stroops +(\d+) +\1\n/)
    expect(out).not.toContain('DIFFERS')
    const head = here.audit.at(-1)!.hash
    expect(out).toContain(`\nAudit log: ${here.audit.length} entries verify in the copy; last hash ${head} (here: ${head}).\n`)
    expect(out).toMatch(/The copy matches: every row, every total to the stroop, and the audit chain\.\n$/)

    // Read back from the copy: the same rows, numbers, refund counts and chain, which verifies.
    const copy = await reading(team, contents)
    expect(copy).toEqual(here)
    expect(await reading(team, verifyAuditLog)).toMatchObject({ ok: true, entries: here.audit.length, headHash: head })
  })

  it('prints the comparison as JSON', async () => {
    const result = await cli('db', 'copy', '--from', shop, '--to', target('team-json'), '--json')
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as { tables: { table: string; sourceRows: string; targetRows: string; sameContent: boolean | null }[]; mismatches: string[]; audit: { target: { ok: boolean } } }
    expect(report.mismatches).toEqual([])
    expect(report.audit.target.ok).toBe(true)
    const payments = report.tables.find((table) => table.table === 'payments')
    expect(payments).toMatchObject({ sameContent: true, targetRows: payments?.sourceRows })
  })

  it('refuses a target that already holds books, with exit code 1 and what to do, and leaves it as it was', async () => {
    const team = target('team-again')
    expect((await cli('db', 'copy', '--from', shop, '--to', team)).code).toBe(0)
    const before = await reading(team, contents)
    const again = await cli('db', 'copy', '--from', shop, '--to', team)
    expect(again.code).toBe(1)
    expect(again.stdout).toBe('')
    expect(again.stderr).toMatch(
      new RegExp(`^merchant-desk: The ledger at ${team.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} already holds books \\(\\d+ settings, ${before.payments.length} payments, .*\\), and a copy never writes over books, so nothing was copied\\. Give --to a new file, or an empty PostgreSQL database \\(or a new \\?schema=NAME in it\\)\\.\\n$`)
    )
    expect(await reading(team, contents)).toEqual(before)
  })

  it('refuses a source that does not exist, or is not a ledger, before making the target', async () => {
    const missing = await cli('db', 'copy', '--from', join(dir, 'nowhere.sqlite'), '--to', join(dir, 'from-nowhere.sqlite'))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe('merchant-desk: The database file could not be opened. Check that it exists and that you may read and write its folder.\n')
    expect(existsSync(join(dir, 'from-nowhere.sqlite'))).toBe(false)

    const notes = join(dir, 'notes.txt')
    writeFileSync(notes, 'Shopping list: flour, yeast, salt.\n'.repeat(200))
    const foreign = await cli('db', 'copy', '--from', notes, '--to', join(dir, 'from-notes.sqlite'))
    expect(foreign.code).toBe(1)
    expect(foreign.stderr).toBe('merchant-desk: This file is not a Merchant Desk database, or it is damaged. Choose another file or restore a backup.\n')
    expect(existsSync(join(dir, 'from-notes.sqlite'))).toBe(false)
    expect(readFileSync(notes, 'utf8')).toMatch(/^Shopping list/)
  })

  it('refuses to copy a ledger onto itself', async () => {
    const same = await cli('db', 'copy', '--from', shop, '--to', shop)
    expect(same.code).toBe(1)
    expect(same.stderr).toBe('merchant-desk: --from and --to name the same ledger, so nothing was copied. Give --to a new file or an empty PostgreSQL database.\n')
  })
})
