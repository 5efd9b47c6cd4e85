// Invariant 2, checked on what ships to the renderer: the built renderer bundle (the one the
// browser preview serves, built from the same sources as the Electron renderer) carries no secret
// and no code that could hold one: not the embedded sandbox's key or seed (they are deterministic,
// so a leak would be visible here), no signing, no secret store, no Node or Electron secret APIs.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../src/sandbox'

const BUILD = fileURLToPath(new URL('../../.preview-build/', import.meta.url))

function bundleText(): string {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.(js|html|css)$/.test(entry.name)) files.push(path)
    }
  }
  walk(BUILD)
  expect(files.some((file) => file.endsWith('.js'))).toBe(true)
  return files.map((file) => readFileSync(file, 'utf8')).join('\n')
}

let sandbox: RunningSandbox
beforeAll(async () => {
  // The embedded sandbox's defaults (seed 1): the same key and seed the desktop app starts with.
  sandbox = await startSandbox({ seed: 1 })
})
afterAll(async () => sandbox.close())

describe('the renderer bundle', () => {
  it('holds neither the sandbox API key nor its wallet seed', () => {
    const text = bundleText()
    expect(text).not.toContain(sandbox.apiKey)
    expect(text).not.toContain(sandbox.appWallet.seed)
  })

  it('holds no signing or secret-store code', () => {
    const text = bundleText()
    for (const marker of ['fromSecret', 'safeStorage', 'scryptSync', 'PI_WALLET_SEED', 'PI_API_KEY', 'MERCHANT_DESK_PASSPHRASE', 'ipcRenderer']) {
      expect(text, marker).not.toContain(marker)
    }
  })
})
