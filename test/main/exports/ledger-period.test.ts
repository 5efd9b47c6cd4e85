// Issue #14, item 5: "Export these payments" takes the ledger's filter and period exactly. From a
// ledger filtered over all dates the export used to default to this month and wrote 3 of 12 rows;
// now a payments export that carries the ledger's filter and no days covers the ledger's own set,
// and `exports:count` says how many rows it will write before anything is written.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ExportRuns, exportsHandlers, saveIntoFolder } from '../../../src/main/exports'
import { countPayments, paymentFilterFromContract } from '../../../src/main/ledger'
import { createRouter, type Router } from '../../../src/main/ipc'
import type { ExportCountView, ExportSavedView, LedgerFilter } from '../../../src/shared/contract'
import { handlersFor } from '../../support/handlers'
import { BASE_TIME, generatePayments, insertLedgerPayments } from '../ledger/payment-factory'
import { exportWorkspace, readCsv, type ExportWorkspace } from './fixture'
import { ledgerSql } from '../../support'

let workspace: ExportWorkspace
let router: Router

beforeAll(async () => {
  // "Today" is long after the payments: a default of this month would export nothing at all.
  workspace = exportWorkspace({ now: () => new Date(Date.UTC(2031, 5, 15)) })
  await insertLedgerPayments(workspace.store, generatePayments(1200, { seed: 5, minutes: 400 * 24 * 60 }))
  router = createRouter(
    handlersFor(
      exportsHandlers(
        new ExportRuns({
          store: workspace.store,
          settings: { current: () => ({ network: 'sandbox', businessTimeZone: 'Europe/Berlin' }) },
          version: 'test',
          chooseSaveLocation: saveIntoFolder(join(workspace.dir, 'exports')),
          appWallet: async () => null
        })
      )
    )
  )
})
afterAll(() => workspace?.remove())

async function ledgerCount(filter: LedgerFilter): Promise<number> {
  return (await countPayments(workspace.store, { networkId: 'sandbox', filter: paymentFilterFromContract(filter) }, 1_000_000)).count
}

async function count(filter: LedgerFilter): Promise<ExportCountView> {
  const envelope = await router.call('exports:count', { report: 'payments', filter })
  if (!envelope.ok) throw new Error(envelope.error.message)
  return envelope.value
}

async function exported(filter: LedgerFilter): Promise<{ saved: ExportSavedView; ids: string[] }> {
  const envelope = await router.call('exports:run', { report: 'payments', filter })
  if (!envelope.ok) throw new Error(envelope.error.message)
  const saved = envelope.value as ExportSavedView
  return { saved, ids: readCsv(join(saved.folder, saved.fileName)).rows.map((row) => row.identifier ?? '') }
}

const FILTERS: ReadonlyArray<readonly [string, LedgerFilter]> = [
  ['no filter, all dates', {}],
  ['completed sales, all dates', { statuses: ['completed'], direction: 'user_to_app' }],
  ['from an instant on, no end', { from: new Date(BASE_TIME + 40.5 * 86_400_000).toISOString() }],
  ['up to an instant, no start', { to: new Date(BASE_TIME + 3.25 * 86_400_000).toISOString() }],
  [
    'between two instants in the middle of days',
    { from: new Date(BASE_TIME + 10.3 * 86_400_000).toISOString(), to: new Date(BASE_TIME + 200.7 * 86_400_000).toISOString(), minAmount: '1' }
  ]
]

describe('exporting the ledger’s payments', () => {
  it('the payments span more than a year, so any default month would narrow them (what this test is about)', async () => {
    const days = await ledgerSql(workspace.store).value('SELECT (max(created_at) - min(created_at)) / 86400000 FROM payments') as bigint
    expect(days).toBeGreaterThan(365n)
  })

  it.each(FILTERS)('%s: the count before writing, the file and the ledger hold the same payments', async (_name, filter) => {
    const expected = await ledgerCount(filter)
    expect(expected).toBeGreaterThan(0)
    const counted = await count(filter)
    const { saved, ids } = await exported(filter)
    expect(counted.rows).toBe(expected)
    expect(saved.rows).toBe(expected)
    expect(ids).toHaveLength(expected)
    expect(new Set(ids).size).toBe(expected)
    expect([saved.from, saved.to, saved.timeZone]).toEqual([counted.from, counted.to, 'Europe/Berlin'])
  })

  it('a filter that matches nothing exports an empty file, not an error', async () => {
    const filter: LedgerFilter = { minAmount: '999999999' }
    expect((await count(filter)).rows).toBe(0)
    expect((await exported(filter)).saved.rows).toBe(0)
  })

  it('without the ledger’s filter, an export still needs its days, and says so', async () => {
    const envelope = await router.call('exports:count', { report: 'refunds' })
    expect(envelope.ok).toBe(false)
    if (!envelope.ok) expect(envelope.error.message).toBe('Choose the first and the last day of the export.')
  })

  it('a "first seen" period cannot be exported by creation day, and the count says so before writing', async () => {
    const envelope = await router.call('exports:count', { report: 'payments', filter: { dateField: 'first_seen_at', from: new Date(BASE_TIME).toISOString() } })
    expect(envelope.ok).toBe(false)
    if (!envelope.ok) expect(envelope.error.code).toBe('invalid_export_filter')
  })
})
