// How an export is written: streamed under a temporary name and renamed at the end, so a cancel
// (or a crash) never leaves a half file under the final name; read from a snapshot, so a sync
// writing meanwhile neither blocks nor changes it; with progress from 0 to the counted total.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runExport, verifyExport, type ExportProgress, type ExportRequest } from '../../../src/main/exports'
import { paymentRow } from '../db/helpers'
import { ledgerSql } from '../../support'
import { BASE_TIME, generatePayments, insertLedgerPayments } from '../ledger/payment-factory'
import { exportWorkspace, readCsv, type ExportWorkspace } from './fixture'

const PAYMENTS = 6000
let workspace: ExportWorkspace

beforeAll(async () => {
  workspace = exportWorkspace()
  await insertLedgerPayments(workspace.store, generatePayments(PAYMENTS, { seed: 5, minutes: 600 }))
  await insertLedgerPayments(workspace.store, [
    {
      ...paymentRow({ identifier: 'multiLine'.padEnd(28, '0'), memo: 'Caf\u00e9 cr\u00e8me,\r\n2 \u{1F370}\nand "more"', created_at: BASE_TIME + 5 }),
      chain_check: 'unchecked',
      chain_check_reasons_json: null,
      chain_checked_at: null
    }
  ])
})
afterAll(() => workspace?.remove())

const request = (name: string): ExportRequest => ({
  report: 'payments',
  networkId: 'sandbox',
  from: '2025-03-01',
  to: '2025-03-01',
  timeZone: 'UTC',
  destination: workspace.file(name)
})
const partials = () => readdirSync(workspace.dir).filter((name) => name.endsWith('.partial'))

describe('writing an export', () => {
  it('reports progress from counting to the last row, against the counted total', async () => {
    const seen: ExportProgress[] = []
    const result = await runExport(workspace.store, request('progress.csv'), { appVersion: 'test', onProgress: (p) => seen.push(p) })
    expect(seen[0]).toEqual({ phase: 'counting', done: 0, total: null })
    const writing = seen.filter((p) => p.phase === 'writing')
    expect(writing.length).toBeGreaterThan(2)
    expect(writing.every((p) => p.total === result.manifest.rowCount)).toBe(true)
    expect(writing.map((p) => p.done)).toEqual([...writing.map((p) => p.done)].sort((a, b) => a - b))
    expect(writing.at(-1)?.done).toBe(result.manifest.rowCount)
  })

  it('keeps the final name free until the file is complete', async () => {
    const destination = workspace.file('atomic.csv')
    const checks: boolean[] = []
    await runExport(workspace.store, request('atomic.csv'), {
      appVersion: 'test',
      onProgress: (p) => {
        if (p.phase === 'writing' && p.done > 0 && p.done < (p.total ?? 0)) checks.push(existsSync(destination), partials().length === 1)
      }
    })
    expect(checks.length).toBeGreaterThan(0)
    expect(checks.filter((_, index) => index % 2 === 0).every((exists) => !exists)).toBe(true)
    expect(checks.filter((_, index) => index % 2 === 1).every(Boolean)).toBe(true)
    expect(existsSync(destination)).toBe(true)
    expect(partials()).toEqual([])
  })

  it('leaves nothing behind when cancelled half way, and keeps an earlier export of that name intact', async () => {
    const earlier = await runExport(workspace.store, request('kept.csv'), { appVersion: 'test' })
    const earlierBytes = readFileSync(earlier.csvPath)
    const abort = new AbortController()
    await expect(
      runExport(workspace.store, { ...request('kept.csv'), to: '2025-03-02', replaceExisting: true }, {
        appVersion: 'test',
        signal: abort.signal,
        onProgress: (p) => {
          if (p.phase === 'writing' && p.done >= 2000) abort.abort()
        }
      })
    ).rejects.toMatchObject({ code: 'export_cancelled', message: 'The export was stopped. No file was saved.' })
    expect(partials()).toEqual([])
    expect(readFileSync(earlier.csvPath).equals(earlierBytes)).toBe(true)
    expect((await verifyExport(earlier.manifestPath)).ok).toBe(true)

    const abortFirst = new AbortController()
    abortFirst.abort()
    await expect(runExport(workspace.store, request('never.csv'), { appVersion: 'test', signal: abortFirst.signal })).rejects.toMatchObject({
      code: 'export_cancelled'
    })
    expect(existsSync(workspace.file('never.csv'))).toBe(false)
    expect(existsSync(workspace.file('never.csv.manifest.json'))).toBe(false)
  })

  it('reads one snapshot: a payment stored while the file is written neither waits nor slips in', async () => {
    const before = Number(await ledgerSql(workspace.store).value(`SELECT count(*) FROM payments WHERE network_id = 'sandbox'`))
    let inserted = false
    let lateInsert: Promise<void> = Promise.resolve()
    const late = generatePayments(1, { seed: 99, start: BASE_TIME + 3_600_000 })[0]!
    const result = await runExport(workspace.store, request('snapshot.csv'), {
      appVersion: 'test',
      onProgress: (p) => {
        if (!inserted && p.phase === 'writing' && p.done >= 2000) {
          // The app's own connection stays usable while the export iterates on its own.
          lateInsert = insertLedgerPayments(workspace.store, [{ ...late, network_id: 'sandbox', network: 'Pi Testnet', refund_of: null }])
          inserted = true
        }
      }
    })
    await lateInsert
    expect(inserted).toBe(true)
    const after = Number(await ledgerSql(workspace.store).value(`SELECT count(*) FROM payments WHERE network_id = 'sandbox'`))
    expect(after).toBe(before + 1)
    const rows = readCsv(result.csvPath).rows
    expect(rows).toHaveLength(result.manifest.rowCount)
    expect(rows.some((row) => row.identifier === late.identifier)).toBe(false)
    expect((await verifyExport(result.manifestPath)).ok).toBe(true)
  })

  it('refuses a folder that does not exist, or a folder as the file name', async () => {
    await expect(runExport(workspace.store, { ...request('x.csv'), destination: workspace.file('no-such-folder/x.csv') }, { appVersion: 'test' })).rejects.toMatchObject({
      code: 'export_destination_missing'
    })
    await expect(runExport(workspace.store, { ...request('x.csv'), destination: workspace.dir }, { appVersion: 'test' })).rejects.toMatchObject({
      code: 'export_destination_invalid'
    })
  })

  it('writes UTF-8 with a byte-order mark and CRLF line ends, memos with line breaks kept in one cell', async () => {
    const result = await runExport(workspace.store, request('format.csv'), { appVersion: 'test' })
    const bytes = readFileSync(result.csvPath)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8').split('\r\n')[0]).toBe(`\uFEFF${result.manifest.columns.join(',')}`)
    expect(result.manifest.file).toMatchObject({ encoding: 'UTF-8 with BOM', delimiter: ',', lineBreak: 'CRLF', bytes: bytes.length })
    const rows = readCsv(result.csvPath).rows
    expect(rows).toHaveLength(result.manifest.rowCount)
    expect(rows.find((row) => row.identifier === 'multiLine'.padEnd(28, '0'))?.memo).toBe('Caf\u00e9 cr\u00e8me,\r\n2 \u{1F370}\nand "more"')
  })
})
