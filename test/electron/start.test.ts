// `npm start`, typed as a person types it: it builds the app and opens Electron; where the Electron
// binary is missing it says so in one sentence and names the browser preview. ELECTRON_OVERRIDE_DIST_PATH
// (honoured by the electron package) points both cases at a folder of our choosing, on any machine.
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))
let folder: string
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'md-start-'))
})
afterEach(() => rmSync(folder, { recursive: true, force: true }))

function npmStart(electronDist: string) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const run = spawnSync(npm, ['start'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: electronDist, ELECTRON_EXEC_PATH: '' },
    shell: process.platform === 'win32',
    timeout: 120_000
  })
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

describe('npm start', () => {
  it('says in one sentence that Electron is missing, and names npm run preview', () => {
    const { status, output } = npmStart(folder)
    expect(status).toBe(1)
    expect(output).toContain(
      'The Electron binary is not installed here (npm install could not download it), so the desktop app cannot open: run `npm run preview` to use Merchant Desk in your browser instead.\n'
    )
    expect(output).not.toMatch(/Electron uninstall|Downloading Electron|\n\s+at /)
  })

  it.skipIf(process.platform === 'win32')('builds the app, then opens it in Electron', () => {
    const record = join(folder, 'electron-was-run-with.txt')
    const electron = join(folder, 'electron')
    writeFileSync(electron, `#!/bin/sh\nprintf '%s\\n' "$PWD" "$@" > '${record}'\n`)
    chmodSync(electron, 0o755)
    const startedAt = Date.now()

    const { status, output } = npmStart(folder)

    expect(status, output).toBe(0)
    expect(readFileSync(record, 'utf8').trim().split('\n')).toEqual([root, '.'])
    for (const bundle of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      expect(statSync(join(root, bundle)).mtimeMs).toBeGreaterThanOrEqual(startedAt - 1000)
    }
  }, 120_000)
})
