// #12 item 1 in the exports service itself, so every front door gets it: the database under any
// other name (a symbolic link, a hard link), the app's logs, and an existing file that the person
// did not agree to replace are refused before anything is written.
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runExport, type ExportRequest } from '../../../src/main/exports'
import { generatePayments, insertLedgerPayments } from '../ledger/payment-factory'
import { exportWorkspace, type ExportWorkspace } from './fixture'
import { ledgerSql, sqliteOnlyIt } from '../../support'

let workspace: ExportWorkspace
beforeAll(async () => {
  workspace = exportWorkspace()
  await insertLedgerPayments(workspace.store, generatePayments(20, { seed: 3, minutes: 60 }))
})
afterAll(() => workspace?.remove())

const request = (destination: string, replaceExisting = false): ExportRequest => ({
  report: 'payments',
  networkId: 'sandbox',
  from: '2025-03-01',
  to: '2025-03-01',
  timeZone: 'UTC',
  destination,
  replaceExisting
})
/** Links to the database file, its WAL companions and the logs folder beside it exist only on SQLite. */
const DATABASE_FILE = 'the database, its -wal/-shm files and the logs folder are files only on SQLite'

const payments = async () => Number(await ledgerSql(workspace.store).value('SELECT count(*) FROM payments'))

describe('where an export may be written', () => {
  sqliteOnlyIt(DATABASE_FILE)('refuses the database by another name, even when told to replace, and writes nothing', async () => {
    const database = workspace.store.path
    symlinkSync(database, workspace.file('shortcut.csv'))
    linkSync(database, workspace.file('hardlink.csv'))
    const before = readFileSync(database)
    for (const name of ['shortcut.csv', 'hardlink.csv']) {
      await expect(runExport(workspace.store, request(workspace.file(name), true), { appVersion: 'test' })).rejects.toMatchObject({
        code: 'export_destination_protected',
        message: expect.stringMatching(/is the database.*Nothing was written/)
      })
    }
    expect(readFileSync(database).equals(before)).toBe(true)
    expect(await payments()).toBe(20)
    expect(readdirSync(workspace.dir).filter((name) => name.endsWith('.partial') || name.endsWith('.manifest.json'))).toEqual([])
  })

  sqliteOnlyIt(DATABASE_FILE)("refuses the app's logs folder next to the database", async () => {
    mkdirSync(workspace.file('logs'))
    writeFileSync(workspace.file('logs/cli-errors.log'), 'a stack\n')
    await expect(runExport(workspace.store, request(workspace.file('logs/cli-errors.log'), true), { appVersion: 'test' })).rejects.toMatchObject({
      code: 'export_destination_protected'
    })
    expect(readFileSync(workspace.file('logs/cli-errors.log'), 'utf8')).toBe('a stack\n')
  })

  sqliteOnlyIt(DATABASE_FILE)("refuses the database's companion files by another name or in another case, and the logs folder in another case", async () => {
    const database = workspace.store.path
    const wal = `${database}-wal`
    expect(existsSync(wal)).toBe(true)
    linkSync(wal, workspace.file('wal-link.csv'))
    mkdirSync(workspace.file('LOGS'))
    const files = [database, wal, `${database}-shm`]
    const before = files.map((file) => readFileSync(file))
    const attempts = [workspace.file('wal-link.csv'), `${database}-WAL`, workspace.file('MERCHANT-DESK.SQLITE-shm'), workspace.file('LOGS/errors.csv')]
    for (const destination of attempts) {
      await expect(runExport(workspace.store, request(destination, true), { appVersion: 'test' }), destination).rejects.toMatchObject({
        code: 'export_destination_protected',
        message: expect.stringMatching(/Nothing was written/)
      })
    }
    expect(files.map((file, index) => readFileSync(file).equals(before[index]!))).toEqual([true, true, true])
    expect(existsSync(`${database}-WAL`)).toBe(false)
    expect(existsSync(workspace.file('MERCHANT-DESK.SQLITE-shm'))).toBe(false)
    expect(existsSync(workspace.file('LOGS/errors.csv'))).toBe(false)
    expect(await payments()).toBe(20)
  })

  it('replaces an earlier export only when the person agreed, the manifest with it', async () => {
    const out = workspace.file('march.csv')
    const first = await runExport(workspace.store, request(out), { appVersion: 'test' })
    await expect(runExport(workspace.store, request(out), { appVersion: 'test' })).rejects.toMatchObject({ code: 'export_destination_exists' })
    expect(readFileSync(out).equals(readFileSync(first.csvPath))).toBe(true)
    const second = await runExport(workspace.store, request(out, true), { appVersion: 'test', now: () => new Date('2030-01-01T00:00:00Z') })
    expect(JSON.parse(readFileSync(second.manifestPath, 'utf8'))).toMatchObject({ createdAt: '2030-01-01T00:00:00.000Z' })
    expect(existsSync(join(workspace.dir, 'march.csv'))).toBe(true)
  })
})
