// The exports over the contract, through the router as the renderer reaches it: the save location
// comes from main's port (the renderer cannot send a path), progress arrives as task:progress,
// and verify works from the id `exports:run` answered with.
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ExportRuns, exportsHandlers, saveIntoFolder, type ChooseSaveLocation } from '../../../src/main/exports'
import { createRouter, EventBus, type Router } from '../../../src/main/ipc'
import type { ExportSavedView, TaskProgress } from '../../../src/shared/contract'
import { sqliteOnlyIt } from '../../support/engine'
import { handlersFor } from '../../support/handlers'
import { generatePayments, insertLedgerPayments } from '../ledger/payment-factory'
import { exportWorkspace, readCsv, type ExportWorkspace } from './fixture'

/** The database an export must never replace is a file on SQLite; on PostgreSQL store.path is a URL. */
const DATABASE_FILE = 'the protected database is a file only on SQLite'

let workspace: ExportWorkspace
let events: EventBus
let asked: string[]
let answer: 'folder' | 'cancel'

function router(chooser?: ChooseSaveLocation): Router {
  const folder = saveIntoFolder(join(workspace.dir, 'exports'))
  return createRouter(
    handlersFor(
      exportsHandlers(
        new ExportRuns({
          store: workspace.store,
          settings: { current: () => ({ network: 'sandbox', businessTimeZone: 'Asia/Tokyo' }) },
          onProgress: (progress) => events.emit('task:progress', { task: 'export', ...progress }),
          version: '9.9.9-test',
          chooseSaveLocation:
            chooser ??
            (async (name) => {
              asked.push(name)
              return answer === 'cancel' ? null : folder(name)
            }),
          appWallet: async () => null
        })
      )
    )
  )
}

beforeAll(async () => {
  workspace = exportWorkspace()
  events = new EventBus()
  await insertLedgerPayments(workspace.store, generatePayments(2500, { seed: 8 }))
})
afterAll(() => workspace?.remove())

describe('exports over the contract', () => {
  it('saves where main chose, in the business time zone, and answers with the name, rows and totals', async () => {
    asked = []
    answer = 'folder'
    const progress: TaskProgress[] = []
    const off = events.on('task:progress', (p) => progress.push(p))
    const envelope = await router().call('exports:run', { report: 'payments', from: '2025-03-01', to: '2025-03-01' })
    off()
    expect(envelope.ok).toBe(true)
    const saved = (envelope as { value: ExportSavedView }).value
    expect(asked).toEqual(['merchant-desk-payments-2025-03-01-to-2025-03-01.csv'])
    expect(saved).toMatchObject({
      outcome: 'saved',
      report: 'payments',
      schema: 'payments/1',
      fileName: 'merchant-desk-payments-2025-03-01-to-2025-03-01.csv',
      folder: join(workspace.dir, 'exports'),
      manifestFileName: 'merchant-desk-payments-2025-03-01-to-2025-03-01.csv.manifest.json',
      timeZone: 'Asia/Tokyo'
    })
    const rows = readCsv(join(saved.folder, saved.fileName)).rows
    expect(saved.rows).toBe(rows.length)
    expect(rows[0]?.created_at_local).toMatch(/\+09:00$/)
    expect(saved.totals.map((t) => t.column)).toEqual(['gross', 'fee', 'net'])
    expect(progress.every((p) => p.task === 'export')).toBe(true)
    expect(progress.at(-1)).toEqual({ task: 'export', phase: 'writing', done: saved.rows, total: saved.rows })

    // A second export of the same period does not overwrite the first.
    const again = await router().call('exports:run', { report: 'payments', from: '2025-03-01', to: '2025-03-01' })
    expect((again as { value: ExportSavedView }).value.fileName).toBe('merchant-desk-payments-2025-03-01-to-2025-03-01 (2).csv')
  })

  it('writes nothing when the merchant cancels the save dialog', async () => {
    asked = []
    answer = 'cancel'
    const envelope = await router().call('exports:run', { report: 'audit', from: '2025-03-01', to: '2025-03-31', timeZone: 'UTC' })
    expect(envelope).toEqual({ ok: true, value: { outcome: 'not_saved' } })
    expect(asked).toHaveLength(1)
  })

  it('refuses a path from the renderer, a bad period or zone, and the ledger filters on other reports, before any dialog', async () => {
    asked = []
    answer = 'folder'
    const r = router()
    const withPath = await r.call('exports:run', { report: 'payments', from: '2025-03-01', to: '2025-03-01', destination: '/etc/passwd' })
    expect(withPath).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await r.call('exports:run', { report: 'payments', from: '2025-03-09', to: '2025-03-01' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_period', message: 'The period ends before it starts: 2025-03-01 is before 2025-03-09.' }
    })
    expect(await r.call('exports:run', { report: 'payments', from: '2025-03-01', to: '2025-03-01', timeZone: 'Moon/Base' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_time_zone' }
    })
    expect(await r.call('exports:run', { report: 'fees', from: '2025-03-01', to: '2025-03-01', filter: { direction: 'user_to_app' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_export_filter' }
    })
    expect(asked).toEqual([])
  })

  it('applies the ledger’s filters sent with a payments export', async () => {
    answer = 'folder'
    const envelope = await router().call('exports:run', {
      report: 'payments',
      from: '2025-03-01',
      to: '2025-03-01',
      timeZone: 'UTC',
      filter: { statuses: ['completed'], direction: 'user_to_app', minAmount: '5' }
    })
    const saved = (envelope as { value: ExportSavedView }).value
    const rows = readCsv(join(saved.folder, saved.fileName)).rows
    expect(rows.length).toBeGreaterThan(100)
    expect(rows.every((row) => row.status === 'completed' && row.direction === 'user_to_app' && Number(row.gross) >= 5)).toBe(true)
  })

  it('verifies a file this session wrote by its id, and says when it was changed', async () => {
    answer = 'folder'
    const r = router()
    const saved = ((await r.call('exports:run', { report: 'payments', from: '2025-03-01', to: '2025-03-01', timeZone: 'UTC' })) as { value: ExportSavedView }).value
    expect(await r.call('exports:verify', { exportId: saved.exportId })).toEqual({
      ok: true,
      value: { ok: true, fileName: saved.fileName, rows: saved.rows, problems: [] }
    })
    writeFileSync(join(saved.folder, saved.fileName), 'schema_version\r\n')
    const verdict = await r.call('exports:verify', { exportId: saved.exportId })
    if (!verdict.ok) throw new Error(verdict.error.message)
    expect(verdict.value.ok).toBe(false)
    expect(verdict.value.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/SHA-256/), expect.stringMatching(/^The file has 0 rows, but the manifest says \d+/)])
    )
    expect(await r.call('exports:verify', { exportId: 'not-one-of-ours' })).toMatchObject({ ok: false, error: { code: 'export_unknown' } })
  })

  it('stops a running export on exports:cancel, leaving no file', async () => {
    let path = ''
    const r = router(async (name) => (path = join(workspace.dir, `cancelled-${name}`)))
    expect(await r.call('exports:cancel', undefined)).toEqual({ ok: true, value: { cancelled: false } })
    const off = events.on('task:progress', (p) => {
      if (p.phase === 'writing' && p.done > 0) void r.call('exports:cancel', undefined)
    })
    const envelope = await r.call('exports:run', { report: 'payments', from: '2025-03-01', to: '2025-03-01', timeZone: 'UTC' })
    off()
    expect(envelope).toMatchObject({ ok: false, error: { code: 'export_cancelled' } })
    expect(existsSync(path)).toBe(false)
  })

  sqliteOnlyIt(DATABASE_FILE)('replaces a file the save dialog confirmed, but never the database the dialog was pointed at (#12 item 1)', async () => {
    const existing = join(workspace.dir, 'confirmed.csv')
    writeFileSync(existing, 'old\n')
    const replaced = await router(async () => existing).call('exports:run', { report: 'payments', from: '2025-03-01', to: '2025-03-01' })
    expect(replaced.ok).toBe(true)
    expect(readCsv(existing).rows.length).toBeGreaterThan(0)

    const payments = Number(workspace.store.sqlite.prepare('SELECT count(*) FROM payments').pluck().get())
    const refused = await router(async () => workspace.store.path).call('exports:run', { report: 'payments', from: '2025-03-01', to: '2025-03-01' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'export_destination_protected', message: expect.stringMatching(/is the database; an export never replaces it/) } })
    expect(Number(workspace.store.sqlite.prepare('SELECT count(*) FROM payments').pluck().get())).toBe(payments)
  })
})
