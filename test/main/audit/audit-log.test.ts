import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { appendAudit, canonicalJson, listAudit, runAudited, verifyAuditLog } from '../../../src/main/audit'
import { AUDIT_GENESIS_HASH, withTransaction, type MerchantDb } from '../../../src/main/db'
import { ledgerSql, openScratchLedger, sqliteOnlyIt } from '../../support'

let clock = Date.UTC(2025, 4, 2, 9, 0)
const stores: MerchantDb[] = []
afterEach(() => {
  for (const store of stores.splice(0)) store.close()
})

function open(): MerchantDb {
  const store = openScratchLedger({ now: () => new Date(clock) }).store
  stores.push(store)
  return store
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

async function write(store: MerchantDb, count: number): Promise<void> {
  for (let i = 1; i <= count; i += 1) {
    clock += 1000
    await appendAudit(store, {
      actor: i % 2 === 0 ? 'desktop' : 'maria',
      action: 'payment.cancel',
      subject: `PAY${String(i).padStart(25, '0')}`,
      before: { status: 'approved', amount: `${i}.5000000` },
      after: { status: 'cancelled', result: { outcome: 'done', code: 'cancelled' } }
    })
  }
}

/** Removes the guards, as someone editing the file (or the team database) with another tool would. */
async function dropTriggers(store: MerchantDb): Promise<void> {
  // PostgreSQL: every trigger of the table, whatever its name; the owner may always do this.
  if (store.engine.kind === 'postgres') {
    await ledgerSql(store).run('ALTER TABLE audit_log DISABLE TRIGGER USER')
    return
  }
  for (const name of ['audit_log_no_update', 'audit_log_no_delete', 'audit_log_seq_assigned', 'audit_log_chained']) {
    store.sqlite.exec(`DROP TRIGGER ${name}`)
  }
}

describe('canonicalJson', () => {
  it('spells equal objects the same whatever their key order, with no whitespace', () => {
    expect(canonicalJson({ b: [1, { z: true, a: null }], a: 'x' })).toBe('{"a":"x","b":[1,{"a":null,"z":true}]}')
    expect(canonicalJson({ a: 'x', b: [1, { a: null, z: true }] })).toBe(canonicalJson({ b: [1, { z: true, a: null }], a: 'x' }))
    expect(canonicalJson({ kept: 1, dropped: undefined })).toBe('{"kept":1}')
  })

  it('refuses values JSON cannot hold exactly: bigint money, dates, NaN', () => {
    expect(() => canonicalJson({ amount: 10n })).toThrow(/\$\.amount is a bigint/)
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/not a plain object/)
    expect(() => canonicalJson([Number.NaN])).toThrow(/not a finite number/)
  })
})

describe('appendAudit', () => {
  it('chains each entry to the one before: hash = sha256(prev_hash + canonical entry without seq)', async () => {
    const store = open()
    clock = Date.UTC(2025, 4, 2, 9, 0)
    const first = await appendAudit(store, {
      actor: 'maria',
      action: 'payment.complete',
      subject: 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4',
      before: { status: 'verified' },
      after: { status: 'completed' }
    })
    const second = await appendAudit(store, { actor: 'desktop', action: 'payment.cancel', subject: null, before: null, after: { z: 1, a: 2 } })

    expect(first.seq).toBe(1)
    expect(first.prevHash).toBe(AUDIT_GENESIS_HASH)
    expect(first.hash).toBe(
      sha256(
        AUDIT_GENESIS_HASH +
          '{"action":"payment.complete","actor":"maria","after":{"status":"completed"},"at":1746176400000,' +
          '"before":{"status":"verified"},"subject":"a1B2c3D4e5F6g7H8i9J0k1L2m3N4"}'
      )
    )
    expect(second.seq).toBe(2)
    expect(second.prevHash).toBe(first.hash)
    expect(second.hash).toBe(
      sha256(first.hash + '{"action":"payment.cancel","actor":"desktop","after":{"a":2,"z":1},"at":1746176400000,"before":null,"subject":null}')
    )
    const stored = await ledgerSql(store).get('SELECT before_json, after_json FROM audit_log WHERE seq = 2')
    expect(stored).toEqual({ before_json: null, after_json: '{"a":2,"z":1}' })
  })

  it('refuses an entry without an actor or action, writing nothing', async () => {
    const store = open()
    await expect(appendAudit(store, { actor: '  ', action: 'payment.cancel', subject: null, before: null, after: null })).rejects.toThrow(
      /needs an actor/
    )
    await expect(appendAudit(store, { actor: 'maria', action: '', subject: null, before: null, after: null })).rejects.toThrow(/needs an action/)
    expect(await ledgerSql(store).get('SELECT count(*) AS n FROM audit_log')).toEqual({ n: 0n })
  })
})

describe('runAudited', () => {
  // The work writes through the raw SQLite connection, synchronously; the kysely version of the
  // same guarantee runs on both engines in the next describe.
  sqliteOnlyIt('writes through the raw SQLite connection inside the transaction')("keeps the action's write and its entry together, or neither", async () => {
    const store = open()
    store.sqlite.exec('CREATE TABLE notes (text TEXT NOT NULL)')
    const insert = store.sqlite.prepare('INSERT INTO notes (text) VALUES (?)')
    const count = (sql: string) => (store.sqlite.prepare(sql).pluck().get() as bigint)

    const { value, entry } = await runAudited(store, () => {
      insert.run('kept')
      return { value: 'ok', audit: { actor: 'maria', action: 'note.add', subject: null, before: null, after: { text: 'kept' } } }
    })
    expect(value).toBe('ok')
    expect(entry.seq).toBe(1)

    // The audit entry is refused (bigint money): the write it records is rolled back with it.
    await expect(
      runAudited(store, () => {
        insert.run('lost')
        return { value: 1, audit: { actor: 'maria', action: 'note.add', subject: null, before: null, after: { amount: 5n } as never } }
      })
    ).rejects.toThrow(/bigint/)
    // The write fails: no entry claims it happened.
    await expect(
      runAudited(store, () => {
        insert.run(null as never)
        return { value: 1, audit: { actor: 'maria', action: 'note.add', subject: null, before: null, after: null } }
      })
    ).rejects.toThrow(/NOT NULL/)

    expect(count('SELECT count(*) FROM notes')).toBe(1n)
    expect(count('SELECT count(*) FROM audit_log')).toBe(1n)
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true, entries: 1 })
  })
})

describe('runAudited, with several actions at once', () => {
  it('keeps one valid chain when many audited actions run concurrently', async () => {
    const store = open()
    await store.db.schema.createTable('notes').addColumn('text', 'text', (column) => column.notNull()).execute()
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        runAudited(store, async (tx) => {
          await tx.db.insertInto('notes' as never).values({ text: `note ${index}` } as never).execute()
          // A pause inside the transaction: another action would chain onto the same entry if it could slip in.
          await new Promise((resolve) => setTimeout(resolve, 1))
          return { value: index, audit: { actor: 'maria', action: 'note.add', subject: null, before: null, after: { index } } }
        })
      )
    )
    expect(results.map((result) => result.value)).toEqual(Array.from({ length: 12 }, (_, index) => index))
    expect(new Set(results.map((result) => result.entry.seq)).size).toBe(12)
    expect(new Set(results.map((result) => result.entry.prevHash)).size).toBe(12)
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true, entries: 12 })
    expect(await ledgerSql(store).value('SELECT count(*) FROM notes')).toBe(12n)
  })

  it('hands the work the transaction: a write through it is undone when the entry is refused', async () => {
    const store = open()
    await store.db.schema.createTable('notes').addColumn('text', 'text', (column) => column.notNull()).execute()
    await expect(
      runAudited(store, async (tx) => {
        await tx.db.insertInto('notes' as never).values({ text: 'lost' } as never).execute()
        return { value: 1, audit: { actor: ' ', action: 'note.add', subject: null, before: null, after: null } }
      })
    ).rejects.toThrow(/needs an actor/)
    expect(await ledgerSql(store).value('SELECT count(*) FROM notes')).toBe(0n)
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true, entries: 0 })
  })

  it('joins an open transaction: appended there, the entry goes with its rollback', async () => {
    const store = open()
    await appendAudit(store, { actor: 'maria', action: 'note.add', subject: null, before: null, after: null })
    await expect(
      withTransaction(store, async (tx) => {
        await appendAudit(tx, { actor: 'maria', action: 'note.add', subject: null, before: null, after: { second: true } })
        throw new Error('the action failed after its entry')
      })
    ).rejects.toThrow('the action failed after its entry')
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true, entries: 1 })
  })
})

describe('verifyAuditLog', () => {
  it('passes an intact log and reports its head hash', async () => {
    const store = open()
    expect(await verifyAuditLog(store)).toEqual({ ok: true, entries: 0, firstBrokenSeq: null, reason: null, headHash: null })
    await write(store, 5)
    const head = await ledgerSql(store).value('SELECT hash FROM audit_log WHERE seq = 5')
    expect(await verifyAuditLog(store)).toEqual({ ok: true, entries: 5, firstBrokenSeq: null, reason: null, headHash: head })
  })

  it('is guarded by triggers against edits through SQL', async () => {
    const store = open()
    await write(store, 2)
    await expect(ledgerSql(store).run("UPDATE audit_log SET actor = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/)
    await expect(ledgerSql(store).run('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/append-only/)
  })

  it('detects a changed after_json once the triggers are dropped', async () => {
    const store = open()
    await write(store, 5)
    await dropTriggers(store)
    await ledgerSql(store).run(`UPDATE audit_log SET after_json = '{"result":{"code":"cancelled","outcome":"done"},"status":"completed"}' WHERE seq = 3`)
    expect(await verifyAuditLog(store)).toMatchObject({
      ok: false,
      entries: 5,
      firstBrokenSeq: 3,
      reason: 'Entry 3 was changed after it was written: its content no longer matches its hash.'
    })
  })

  it('detects an edit that only respells the JSON, and a changed actor', async () => {
    const store = open()
    await write(store, 3)
    await dropTriggers(store)
    await ledgerSql(store).run(`UPDATE audit_log SET before_json = '{ "status": "approved", "amount": "2.5000000" }' WHERE seq = 2`)
    expect(await verifyAuditLog(store)).toMatchObject({ ok: false, firstBrokenSeq: 2 })

    const other = open()
    await write(other, 3)
    await dropTriggers(other)
    await ledgerSql(other).run("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1")
    expect(await verifyAuditLog(other)).toMatchObject({ ok: false, firstBrokenSeq: 1 })
  })

  it('detects an entry rewritten with a recomputed hash: the next one no longer follows it', async () => {
    const store = open()
    await write(store, 4)
    await dropTriggers(store)
    const row = await ledgerSql(store).get('SELECT at, actor, action, subject, before_json, prev_hash FROM audit_log WHERE seq = 2') as {
      at: bigint
      actor: string
      action: string
      subject: string
      before_json: string
      prev_hash: string
    }
    const forgedAfter = { status: 'completed' }
    const content = canonicalJson({
      at: Number(row.at),
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      before: JSON.parse(row.before_json),
      after: forgedAfter
    })
    await ledgerSql(store).run('UPDATE audit_log SET after_json = ?, hash = ? WHERE seq = 2', canonicalJson(forgedAfter), sha256(row.prev_hash + content))
    expect(await verifyAuditLog(store)).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
      reason: 'Entry 3 does not follow entry 2: an entry before it was rewritten or replaced.'
    })
  })

  it('detects a removed entry in the middle and removed entries at the end', async () => {
    const store = open()
    await write(store, 6)
    await dropTriggers(store)
    await ledgerSql(store).run('DELETE FROM audit_log WHERE seq = 3')
    expect(await verifyAuditLog(store)).toMatchObject({
      ok: false,
      entries: 5,
      firstBrokenSeq: 4,
      reason: 'Entry 3 is missing before entry 4: removed from the log.'
    })

    const other = open()
    await write(other, 6)
    await dropTriggers(other)
    await ledgerSql(other).run('DELETE FROM audit_log WHERE seq >= 5')
    expect(await verifyAuditLog(other)).toMatchObject({
      ok: false,
      entries: 4,
      firstBrokenSeq: 5,
      reason: 'Entries 5 to 6, the last ones written, have been removed.'
    })
  })
})

describe('verifyAuditLog over many pages', () => {
  it('checks a log longer than one page, and still sees entries cut off its end', async () => {
    const store = open()
    await write(store, 1203)
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true, entries: 1203 })
    await dropTriggers(store)
    await ledgerSql(store).run('DELETE FROM audit_log WHERE seq >= 1001')
    expect(await verifyAuditLog(store)).toMatchObject({
      ok: false,
      entries: 1000,
      firstBrokenSeq: 1001,
      reason: 'Entries 1001 to 1203, the last ones written, have been removed.'
    })
  })
})

describe('listAudit', () => {
  it('pages newest first with a cursor, and filters by subject', async () => {
    const store = open()
    await write(store, 7)
    const first = await listAudit(store, { limit: 3 })
    expect(first.entries.map((entry) => entry.seq)).toEqual([7, 6, 5])
    expect(first.nextCursor).toBe('5')
    const second = await listAudit(store, { limit: 3, cursor: first.nextCursor })
    expect(second.entries.map((entry) => entry.seq)).toEqual([4, 3, 2])
    const last = await listAudit(store, { limit: 3, cursor: second.nextCursor })
    expect(last.entries.map((entry) => entry.seq)).toEqual([1])
    expect(last.nextCursor).toBeNull()

    const entry = first.entries[0]!
    expect(entry).toMatchObject({
      actor: 'maria',
      action: 'payment.cancel',
      subject: `PAY${'7'.padStart(25, '0')}`,
      before: { amount: '7.5000000', status: 'approved' },
      after: { status: 'cancelled', result: { outcome: 'done', code: 'cancelled' } }
    })
    expect(entry.at).toBe(new Date(Number(await ledgerSql(store).value('SELECT at FROM audit_log WHERE seq = 7'))).toISOString())

    const one = await listAudit(store, { subject: `PAY${'4'.padStart(25, '0')}` })
    expect(one.entries.map((e) => e.seq)).toEqual([4])
  })

  sqliteOnlyIt("EXPLAIN QUERY PLAN is SQLite's")("reads a payment's entries through the subject index, and pages along the primary key", () => {
    const store = open()
    const plan = (sql: string, ...parameters: unknown[]) =>
      (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[]).map((row) => row.detail)
    expect(plan('SELECT seq FROM audit_log WHERE subject = ? AND seq < ? ORDER BY seq DESC LIMIT ?', 'x', 10n, 5)[0]).toMatch(
      /^SEARCH audit_log USING (COVERING )?INDEX audit_log_by_subject \(subject=\? AND (seq|rowid)<\?\)$/
    )
    expect(plan('SELECT seq FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?', 10n, 5)[0]).toMatch(
      /^SEARCH audit_log USING INTEGER PRIMARY KEY \(rowid<\?\)$/
    )
  })
})
