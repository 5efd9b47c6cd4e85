// The audit log stays ONE hash chain when several desks append at once: each entry's prev_hash is
// the entry before it, whoever wrote it. Two handles on one ledger (two desks: on PostgreSQL two
// pools, two sets of connections) append interleaved; the chain verifies, seq has no gap, and no
// two entries claim the same predecessor.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { appendAudit, verifyAuditLog } from '../../../src/main/audit'
import { openDatabase, type MerchantDb } from '../../../src/main/db'
import { tempDatabasePath } from '../../support'

const dir = mkdtempSync(join(tmpdir(), 'md-audit-desks-'))
// A file on SQLite; in the postgres project a schema of its own on the test cluster.
const ledger = tempDatabasePath(dir, 'team.sqlite')
const desks: MerchantDb[] = []

afterAll(() => {
  for (const desk of desks) desk.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('two desks appending to one audit log at once', () => {
  it('keeps one chain: 1 + 2 x 40 interleaved entries, seq 1..81, every link the entry before it', async () => {
    const first = openDatabase(ledger)
    desks.push(first)
    await appendAudit(first, { actor: 'owner', action: 'desk.open', subject: null, before: null, after: { desk: 1 } })
    const second = openDatabase(ledger)
    desks.push(second)

    const appendMany = (store: MerchantDb, actor: string) =>
      Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          appendAudit(store, { actor, action: 'refund.note', subject: `sale-${index}`, before: null, after: { index } })
        )
      )
    await Promise.all([appendMany(first, 'maria'), appendMany(second, 'sam')])

    const rows = await second.db.selectFrom('audit_log').select(['seq', 'actor', 'prev_hash', 'hash']).orderBy('seq').execute()
    expect(rows).toHaveLength(81)
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 81 }, (_, index) => BigInt(index + 1)))
    for (let index = 1; index < rows.length; index++) expect(rows[index]!.prev_hash).toBe(rows[index - 1]!.hash)
    expect(new Set(rows.map((row) => row.prev_hash)).size).toBe(81)
    // Both desks' entries are in it, interleaved or not, and the whole chain verifies from either desk.
    expect(rows.filter((row) => row.actor === 'maria')).toHaveLength(40)
    expect(rows.filter((row) => row.actor === 'sam')).toHaveLength(40)
    expect(await verifyAuditLog(first)).toMatchObject({ ok: true, entries: 81 })
  })
})
