// Settings → Team database, end to end in Chromium over the real services and a throwaway
// PostgreSQL cluster: an address that does not answer gets the engine's sentence, the right one "Connected";
// saving shows the team address and the restart note, and leaves the password in the desk's own
// file only sealed. Neither the page nor any answer it received holds the password.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDatabase } from '../../src/main/db'
import { openPreviewBrowser, type PreviewBrowser } from './preview-browser'

// The browser project's globalSetup starts a throwaway cluster; '' when PostgreSQL is not installed
// on a developer's machine (CI installs it, and fails without it).
const SERVER = inject('postgresUrl')
const SCHEMA = `team_browser_${process.pid}`
const ADDRESS = `${SERVER}?schema=${SCHEMA}`
const PASSWORD = 'team-db-password-Kx9-sealed'
const PASSPHRASE = 'blue kettle on a quiet shelf'

let preview: PreviewBrowser
let page: Page
const bridgeAnswers: string[] = []

function withPort(address: string, port: string): string {
  const url = new URL(address)
  url.port = port
  return url.toString()
}

beforeAll(async () => {
  preview = await openPreviewBrowser({ width: 1400, height: 1000, sandbox: { payments: 0, ledgerIntervalMs: 0 } })
  page = preview.page
  page.on('response', (response) => {
    if (response.url().includes('/bridge/')) void response.text().then((text) => bridgeAnswers.push(text), () => undefined)
  })
}, 180_000)

afterAll(async () => {
  await preview?.close()
  const client = new pg.Client({ connectionString: SERVER })
  await client.connect()
  await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`)
  await client.end()
})

function card() {
  return page.locator('[data-team-database]')
}

describe.skipIf(SERVER === '')('Settings: Team database', () => {
  it('checks an address, saves it with its password sealed in the desk file, and says a restart switches', async () => {
    await page.goto(`${preview.server.url}#/settings`)
    await page.locator('[data-secrets-storage="passphrase"]').waitFor()
    // No OS keychain in the preview: the password is sealed with the passphrase, as the keys are.
    await page.getByLabel('Choose a passphrase').fill(PASSPHRASE)
    await page.getByLabel('Type it again').fill(PASSPHRASE)
    await page.locator('[data-vault-submit]').click()
    await page.locator('[data-vault-state="unlocked"]').waitFor()

    const deskFile = join(preview.dataDir, 'merchant-desk.sqlite')
    await card().locator('[data-team-current="desk"]').waitFor()
    expect(await card().locator('[data-team-current]').textContent()).toContain(deskFile)

    const address = card().locator('input[name="team-database-address"]')
    const password = card().locator('input[name="team-database-password"]')
    expect(await password.getAttribute('type')).toBe('password')
    // Not a PostgreSQL address: refused in the field, before anything opens.
    await address.fill('/home/maria/ledger.sqlite')
    await card().locator('[data-team-check]').click()
    await card().locator('[data-field-error]').waitFor()
    expect(await card().locator('[data-field-error]').textContent()).toContain('postgres://user@host:5432/database')

    await address.fill(withPort(ADDRESS, '1'))
    await password.fill(PASSWORD)
    await card().locator('[data-team-check]').click()
    const refused = card().getByRole('alert')
    await refused.waitFor()
    expect(await refused.textContent()).toMatch(/Not connected.*The team database at 127\.0\.0\.1:1 did not answer\./)

    await address.fill(ADDRESS)
    await card().locator('[data-team-check]').click()
    await card().getByText('Connected', { exact: true }).waitFor()

    await card().locator('[data-team-join]').click()
    await card().locator(`[data-team-saved="${ADDRESS}"]`).waitFor()
    expect(await card().textContent()).toContain('Restart Merchant Desk to switch')
    expect(await card().locator('[data-team-saved]').textContent()).toContain('password saved, encrypted')
    expect(await card().locator('[data-team-current]').textContent()).toContain(deskFile)
    expect(await address.inputValue()).toBe('')
    expect(await password.inputValue()).toBe('')

    // The desk's own file holds the choice, the password only sealed (file and its WAL alike).
    const desk = openDatabase(deskFile, { readonly: true })
    try {
      const row = await desk.db.selectFrom('settings').select('value_json').where('key', '=', 'team_database').executeTakeFirstOrThrow()
      expect(JSON.parse(row.value_json)).toMatchObject({ address: ADDRESS, password: { cipher: 'passphrase' } })
    } finally {
      desk.close()
    }
    for (const file of [deskFile, `${deskFile}-wal`].filter((path) => existsSync(path))) {
      expect(readFileSync(file).includes(Buffer.from(PASSWORD))).toBe(false)
    }

    // Nothing the page holds or received carries it back.
    const text = [await page.content(), ...bridgeAnswers].join('\n')
    expect(text).not.toContain(PASSWORD)
    expect(await preview.cspViolations()).toEqual([])
  }, 120_000)

  it('goes back to the desk\'s own file', async () => {
    await page.locator('[data-team-leave]').click()
    await card().locator('[data-team-saved=""]').waitFor()
    expect(await card().locator('[data-team-saved]').textContent()).toContain("This desk's own file")
    expect(await card().textContent()).not.toContain('Restart Merchant Desk to switch')
  })
})
