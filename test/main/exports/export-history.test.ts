// Issue #14, item 8: exports are kept in the database (file, manifest, rows, totals, who, when), so
// the history outlives the page, the session and the app itself, and a file from an earlier
// session can still be verified by the id its export answered with.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../src/main/db'
import { ExportRuns, exportsHandlers, saveIntoFolder } from '../../../src/main/exports'
import { createRouter, type Router } from '../../../src/main/ipc'
import type { ExportHistoryView, ExportSavedView } from '../../../src/shared/contract'
import { handlersFor } from '../../support/handlers'
import { generatePayments, insertLedgerPayments } from '../ledger/payment-factory'
import { exportWorkspace, readCsv, sumColumn, type ExportWorkspace } from './fixture'

let workspace: ExportWorkspace
let clock = Date.UTC(2025, 5, 1, 9)

function session(store: MerchantDb, actor: string): Router {
  return createRouter(
    handlersFor(
      exportsHandlers(
        new ExportRuns({
          store,
          settings: { current: () => ({ network: 'sandbox', businessTimeZone: 'UTC' }) },
          version: 'test',
          chooseSaveLocation: saveIntoFolder(join(workspace.dir, 'exports')),
          appWallet: async () => null,
          actor: () => actor,
          now: () => new Date((clock += 60_000))
        })
      )
    )
  )
}

async function call<T>(router: Router, channel: 'exports:run' | 'exports:history', input?: unknown): Promise<T> {
  const envelope = await (router.call as (c: string, i: unknown) => Promise<{ ok: boolean; value?: T; error?: { message: string } }>)(channel, input)
  if (!envelope.ok) throw new Error(envelope.error?.message)
  return envelope.value as T
}

beforeAll(async () => {
  workspace = exportWorkspace()
  await insertLedgerPayments(workspace.store, generatePayments(600, { seed: 3 }))
})
afterAll(() => workspace?.remove())

describe('the export history', () => {
  let first: ExportSavedView
  let second: ExportSavedView

  it('lists every export written, newest first, with its file, rows, totals, who and when', async () => {
    const desk = session(workspace.store, 'maria')
    first = await call(desk, 'exports:run', { report: 'payments', from: '2025-03-01', to: '2025-03-01' })
    second = await call(desk, 'exports:run', { report: 'refunds', from: '2025-03-01', to: '2025-03-02' })
    const { entries } = await call<ExportHistoryView>(desk, 'exports:history')
    expect(entries.map((entry) => [entry.exportId, entry.fileName, entry.requestedBy])).toEqual([
      [second.exportId, second.fileName, 'maria'],
      [first.exportId, first.fileName, 'maria']
    ])
    const [latest, earlier] = entries
    expect(Date.parse(latest!.createdAt)).toBeGreaterThan(Date.parse(earlier!.createdAt))
    // What the history says is what the file holds.
    const rows = readCsv(join(first.folder, first.fileName)).rows
    expect(earlier).toMatchObject({ rows: rows.length, from: '2025-03-01', to: '2025-03-01', folder: first.folder, sha256: first.sha256 })
    expect(earlier!.totals.find((t) => t.column === 'gross')?.total).toBe(formatStroops(sumColumn(rows, 'gross')))
    expect(earlier!.books?.received.on_chain.count).toBe(rows.filter((r) => r.direction === 'user_to_app' && r.chain_check === 'verified').length)
    expect(latest!.books).toBeNull()
  })

  it('outlives the session: after a restart the list is the same and an earlier file verifies by its id', async () => {
    const path = workspace.store.path
    const reopened = openDatabase(path)
    try {
      const later = session(reopened, 'ahmed')
      const { entries } = await call<ExportHistoryView>(later, 'exports:history')
      expect(entries.map((entry) => entry.exportId)).toEqual([second.exportId, first.exportId])
      const verdict = await later.call('exports:verify', { exportId: first.exportId })
      expect(verdict).toEqual({ ok: true, value: { ok: true, fileName: first.fileName, rows: first.rows, problems: [] } })
    } finally {
      reopened.close()
    }
  })

  it('still shows an export whose file was changed or removed, and verifying says what happened', async () => {
    const desk = session(workspace.store, 'maria')
    writeFileSync(join(first.folder, first.fileName), 'schema_version\r\n')
    const changed = await desk.call('exports:verify', { exportId: first.exportId })
    expect(changed.ok && changed.value.ok).toBe(false)
    rmSync(join(second.folder, second.fileName))
    const missing = await desk.call('exports:verify', { exportId: second.exportId })
    expect(missing.ok && missing.value.problems).toEqual([`The file ${second.fileName} is not next to its manifest; move the two together and verify again.`])
    const { entries } = await call<ExportHistoryView>(desk, 'exports:history')
    expect(entries).toHaveLength(2)
  })

  it('an id that was never an export is refused with a sentence', async () => {
    const envelope = await session(workspace.store, 'maria').call('exports:verify', { exportId: 'never-an-export-id' })
    expect(envelope.ok).toBe(false)
    if (!envelope.ok) expect(envelope.error.code).toBe('export_unknown')
  })
})

function formatStroops(value: bigint): string {
  const negative = value < 0n
  const digits = (negative ? -value : value).toString().padStart(8, '0')
  return `${negative ? '-' : ''}${digits.slice(0, -7)}.${digits.slice(-7)}`
}
