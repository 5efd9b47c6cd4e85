// The copy service between two real ledgers: every row arrives with its ids, audit seq and hashes,
// the target's triggers rebuild what they keep, the comparison proves it, and a target that
// already holds books is refused before anything is written.
import { afterEach, describe, expect, it } from 'vitest'
import { appendAudit, verifyAuditLog } from '../../../../src/main/audit'
import { copyLedger, withTransaction, type CopyProgress, type MerchantDb } from '../../../../src/main/db'
import { openTempLedger, type TempLedger } from '../../../support'
import { APP_WALLET, paymentId, paymentRow } from '../helpers'

const opened: TempLedger[] = []
afterEach(() => {
  for (const ledger of opened.splice(0)) ledger.close()
})

function ledger(): TempLedger {
  const made = openTempLedger()
  opened.push(made)
  return made
}

// Sorted by identifier the refund comes first: the copy must still write its sale before it.
const SALES = [paymentId('zSale1'), paymentId('zSale2'), paymentId('zSale3')]
const REFUND = paymentId('aRefund')

async function fillShop(store: MerchantDb): Promise<void> {
  await withTransaction(store, async (tx) => {
    await tx.db.insertInto('settings').values({ key: 'businessTimeZone', value_json: '"Europe/Berlin"', updated_at: 1 }).execute()
    for (const [index, identifier] of SALES.entries()) {
      await tx.db.insertInto('payments').values(paymentRow({ identifier, amount_stroops: 10_000_000n * BigInt(index + 1), txid: `${index}`.repeat(64) })).execute()
    }
    await tx.db
      .insertInto('payments')
      .values(paymentRow({ identifier: REFUND, direction: 'app_to_user', refund_of: SALES[1]!, amount_stroops: 5_000_000n, from_address: APP_WALLET, to_address: 'GBUYER'.padEnd(56, 'B'), txid: 'f'.repeat(64), source: 'payout' }))
      .execute()
    // Ids 3 and 7: numbers with a gap (an earlier sandbox run was cleared) must not be renumbered.
    for (const [id, kind] of [[3n, 'payout'], [7n, 'refund']] as const) {
      await tx.db
        .insertInto('payouts')
        .values({
          id, idempotency_key: `key-${id}`.padEnd(16, '0'), network_id: 'sandbox', app_wallet: APP_WALLET, kind,
          refund_of: kind === 'refund' ? SALES[1]! : null, user_uid: 'user-7f3a', amount_stroops: 5_000_000n, memo: 'Sorry',
          reason: null, reason_text: '', state: 'recorded', pi_payment_id: null, to_address: null, envelope_xdr: null,
          tx_hash: null, envelope_max_time: null, envelope_sequence: null, envelope_fee_stroops: null, envelopes_built: 0n,
          submissions: 0n, txid: null, ledger: null, fee_charged_stroops: null, problem_code: null, problem_message: null,
          requested_by: 'maria', created_at: 5, updated_at: 5, finished_at: null
        })
        .execute()
    }
  })
  for (let n = 1; n <= 5; n += 1) {
    await appendAudit(store, { actor: 'maria', action: 'payment.complete', subject: SALES[n % 3]!, before: { n }, after: { n: n + 1 } })
  }
}

describe('copyLedger', () => {
  it('copies every row with its ids, seq and hashes, and proves it table by table and to the stroop', async () => {
    const source = ledger()
    const target = ledger()
    await fillShop(source.store)
    const progress: CopyProgress[] = []

    const report = await copyLedger(source.store, target.store, { verifyAuditLog, rowsPerPage: 2, onProgress: (p) => progress.push(p) })

    expect(report.mismatches).toEqual([])
    const rows = Object.fromEntries(report.tables.map((table) => [table.table, [table.treatment, table.sourceRows, table.targetRows, table.sameContent]]))
    expect(rows).toMatchObject({
      payments: ['copied', 4n, 4n, true],
      payouts: ['copied', 2n, 2n, true],
      audit_log: ['copied', 5n, 5n, true],
      settings: ['copied', 1n, 1n, true],
      payments_search: ['rebuilt', 4n, 4n, null],
      secrets: ['kept_on_this_desk', 0n, 0n, null]
    })
    // Pages of two: payments in two passes (3 sales, then the refund), counted towards all four.
    expect(progress.filter((p) => p.table === 'payments')).toEqual([
      { table: 'payments', done: 2, total: 4 },
      { table: 'payments', done: 3, total: 4 },
      { table: 'payments', done: 4, total: 4 }
    ])
    const figure = (what: string) => report.figures.find((f) => f.what === what)
    expect(figure('payments sandbox user_to_app completed: stroops')).toEqual({ what: 'payments sandbox user_to_app completed: stroops', source: 60_000_000n, target: 60_000_000n })
    expect(figure('payments sandbox user_to_app completed: refunds counted')).toMatchObject({ source: 1n, target: 1n })
    expect(figure('payouts sandbox refund recorded: stroops')).toMatchObject({ source: 5_000_000n, target: 5_000_000n })
    expect(figure('payment totals (daily) sandbox user_to_app: stroops')).toMatchObject({ source: 60_000_000n, target: 60_000_000n })
    expect(report.audit.target).toMatchObject({ ok: true, entries: 5, headHash: report.audit.source.headHash })

    // Read back directly: the numbers are the source's, and the next ones continue after them.
    const copied = target.store.db
    expect(await copied.selectFrom('payouts').select('id').orderBy('id').execute()).toEqual([{ id: 3n }, { id: 7n }])
    expect((await copied.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((row) => row.seq)).toEqual([1n, 2n, 3n, 4n, 5n])
    expect(await copied.selectFrom('payments').select(['refund_count', 'status']).where('identifier', '=', SALES[1]!).executeTakeFirst()).toEqual({ refund_count: 1n, status: 'completed' })
    const next = await appendAudit(target.store, { actor: 'ana', action: 'payment.complete', subject: null, before: null, after: null })
    expect(next.seq).toBe(6)
    expect((await verifyAuditLog(target.store)).ok).toBe(true)
  })

  it('refuses a target that already holds books, and writes nothing into it', async () => {
    const source = ledger()
    const target = ledger()
    await fillShop(source.store)
    await copyLedger(source.store, target.store, { verifyAuditLog })

    const again = copyLedger(source.store, target.store, { verifyAuditLog })
    await expect(again).rejects.toMatchObject({ code: 'copy_target_not_empty' })
    await expect(again).rejects.toThrow(/already holds books \(1 settings, 4 payments, .*5 audit_log.*\).*a copy never writes over books, so nothing was copied\. Give --to a new file/)
    expect((await target.store.db.selectFrom('payments').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n).toBe(4n)
  })

  it("leaves the desk's own settings on the desk: its team database, its vault's failed unlocks, a sync lease, its sandbox", async () => {
    const source = ledger()
    const target = ledger()
    await fillShop(source.store)
    const desk = { team_database: '{"address":"postgres://desk@db/shop"}', 'secrets.unlock_failures': '{"count":2}', 'sync_lease.sandbox': '{"holder":"x"}', 'cli.sandbox': '{"state":"running"}' }
    for (const [key, value_json] of Object.entries(desk)) await source.store.db.insertInto('settings').values({ key, value_json, updated_at: 2 }).execute()

    const report = await copyLedger(source.store, target.store, { verifyAuditLog })
    expect(report.mismatches).toEqual([])
    expect(report.tables.find((table) => table.table === 'settings')).toMatchObject({ sourceRows: 1n, targetRows: 1n, sameContent: true })
    const keys = await target.store.db.selectFrom('settings').select('key').orderBy('key').execute()
    expect(keys.map((row) => row.key)).toEqual(['businessTimeZone'])
  })

  it('refuses to copy a ledger onto itself', async () => {
    const source = ledger()
    await expect(copyLedger(source.store, source.store, { verifyAuditLog })).rejects.toMatchObject({ code: 'copy_same_ledger' })
  })

  it('reports what differs: here a copy whose audit log does not verify', async () => {
    const source = ledger()
    const target = ledger()
    await fillShop(source.store)
    const report = await copyLedger(source.store, target.store, {
      verifyAuditLog: async (store) => (store.path === target.store.path ? { ok: false, entries: 5, headHash: 'x', reason: 'Entry 2 was changed.' } : verifyAuditLog(store))
    })
    expect(report.mismatches).toEqual([
      "The copy's audit log does not verify: Entry 2 was changed.",
      expect.stringMatching(/^The copy's audit log ends at a different entry \(5 entries, last hash x\) than the source's \(5, [0-9a-f]{64}\)\.$/)
    ])
  })
})
