// `verifyExport` re-reads an export against its manifest and says what no longer matches, one
// sentence each: a changed byte, a removed row, a changed amount, a moved or edited manifest.
import { createHash } from 'node:crypto'
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runExport, verifyExport, type ExportResult } from '../../../src/main/exports'
import { generatePayments, insertLedgerPayments } from '../ledger/payment-factory'
import { exportWorkspace, type ExportWorkspace } from './fixture'

let workspace: ExportWorkspace
let original: ExportResult
let pristine: Buffer
let manifestText: string

beforeAll(async () => {
  workspace = exportWorkspace()
  await insertLedgerPayments(workspace.store, generatePayments(400, { seed: 3 }))
  original = await runExport(
    workspace.store,
    { report: 'payments', networkId: 'sandbox', from: '2025-03-01', to: '2025-03-02', timeZone: 'Europe/Berlin', destination: workspace.file('payments.csv') },
    { appVersion: 'test' }
  )
  pristine = readFileSync(original.csvPath)
  manifestText = readFileSync(original.manifestPath, 'utf8')
})
afterAll(() => workspace?.remove())
beforeEach(() => {
  writeFileSync(original.csvPath, pristine)
  writeFileSync(original.manifestPath, manifestText)
})

const lines = () => pristine.toString('utf8').split('\r\n')
const save = (text: string) => writeFileSync(original.csvPath, text)

describe('verifying an export', () => {
  it('finds nothing wrong with the file as it was written', async () => {
    const verdict = await verifyExport(original.manifestPath)
    expect(verdict).toMatchObject({ ok: true, problems: [], rows: original.manifest.rowCount })
    expect(original.manifest.rowCount).toBeGreaterThan(300)
  })

  it('catches one changed byte in a memo, and says the file was changed', async () => {
    const text = pristine.toString('utf8')
    const at = text.indexOf('Order ')
    save(`${text.slice(0, at)}Ordex ${text.slice(at + 6)}`)
    const verdict = await verifyExport(original.manifestPath)
    expect(verdict.ok).toBe(false)
    expect(verdict.problems).toEqual([
      expect.stringMatching(/^The file's SHA-256 is [0-9a-f]{64}, but the manifest says [0-9a-f]{64}: the file was changed after it was exported\.$/)
    ])
  })

  it('catches a removed row: the count, the totals and the hash no longer match', async () => {
    const all = lines()
    const removed = all[5]!
    save([...all.slice(0, 5), ...all.slice(6)].join('\r\n'))
    const verdict = await verifyExport(original.manifestPath)
    expect(verdict.ok).toBe(false)
    expect(verdict.rows).toBe(original.manifest.rowCount - 1)
    expect(verdict.problems).toContain(
      `The file has ${original.manifest.rowCount - 1} rows, but the manifest says ${original.manifest.rowCount}: rows were added or removed.`
    )
    expect(verdict.problems.some((p) => p.startsWith('The gross column adds up to '))).toBe(removed.split(',')[11] !== '0.0000000')
    expect(verdict.problems.some((p) => p.includes('SHA-256'))).toBe(true)
  })

  it('catches a changed amount, even with the hash in the manifest recomputed to match', async () => {
    const all = lines()
    const header = all[0]!.replace(/^\uFEFF/, '').split(',')
    const gross = header.indexOf('gross')
    const cells = all[3]!.split(',')
    const before = cells[gross]!
    cells[gross] = before.startsWith('-') ? before.replace('-', '-1') : `1${before}`
    all[3] = cells.join(',')
    save(all.join('\r\n'))
    // Someone careful also fixes the hash and size: the totals and the row arithmetic still give it away.
    const bytes = readFileSync(original.csvPath)
    const manifest = JSON.parse(manifestText) as { file: { sha256: string; bytes: number } }
    manifest.file.sha256 = createHash('sha256').update(bytes).digest('hex')
    manifest.file.bytes = bytes.length
    writeFileSync(original.manifestPath, JSON.stringify(manifest))
    const verdict = await verifyExport(original.manifestPath)
    expect(verdict.ok).toBe(false)
    expect(verdict.problems).toEqual([
      expect.stringMatching(/^The gross column adds up to -?\d+\.\d{7}, but the manifest's control total is -?\d+\.\d{7}\.$/),
      // The changed sale no longer adds up in the book totals either.
      expect.stringMatching(/^(Received|Paid out), [a-z ]+: the rows add up to \d+ for \d+\.\d{7} Pi, but the manifest says \d+ for \d+\.\d{7} Pi\.$/),
      `Row 3: net ${before} is not gross ${cells[gross]} minus fee 0.0000000.`
    ])
  })

  it('says when an amount cell is no longer a number', async () => {
    save(pristine.toString('utf8').replace(/,(\d+\.\d{7}),0\.0000000,/, ',12.5 Pi,0.0000000,'))
    const verdict = await verifyExport(original.manifestPath)
    expect(verdict.problems).toContain('Row 1: gross is "12.5 Pi", not an amount written like 12.5000000.')
  })

  it('says when the file is not next to its manifest, or the manifest is not one', async () => {
    renameSync(original.csvPath, workspace.file('moved.csv'))
    expect((await verifyExport(original.manifestPath)).problems).toEqual([
      'The file payments.csv is not next to its manifest; move the two together and verify again.'
    ])
    renameSync(workspace.file('moved.csv'), original.csvPath)
    writeFileSync(original.manifestPath, manifestText.replace('"rowCount"', '"rows"'))
    expect((await verifyExport(original.manifestPath)).problems).toEqual([
      `${original.manifestPath} is not a Merchant Desk export manifest, or it was edited (rowCount).`
    ])
    writeFileSync(original.manifestPath, manifestText.replace('"name": "payments.csv"', '"name": "../merchant-desk.sqlite"'))
    expect((await verifyExport(original.manifestPath)).ok).toBe(false)
  })

  it('checks a copy of the pair made elsewhere: the manifest names the file, not a path', async () => {
    const other = workspace.file('copy')
    mkdirSync(other)
    copyFileSync(original.csvPath, `${other}/payments.csv`)
    copyFileSync(original.manifestPath, `${other}/payments.csv.manifest.json`)
    expect((await verifyExport(`${other}/payments.csv.manifest.json`)).ok).toBe(true)
  })
})
