import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The architecture rules are only as good as the lint that enforces them: prove each one fires.
const eslint = new ESLint({ cwd: process.cwd() })

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`)
}

describe('lint rules that guard the architecture', () => {
  it('forbids raw ipcMain outside the IPC adapter', async () => {
    const code = "import { ipcMain } from 'electron'\nipcMain.handle('x', () => 1)\n"
    expect((await ruleIds(code, 'src/main/electron/window.ts')).join('\n')).toMatch(/Raw ipcMain only/)
    expect(await ruleIds(code, 'src/main/electron/ipc-adapter.ts')).toEqual([])
  })

  it('forbids raw ipcRenderer outside the preload', async () => {
    const code = "import { ipcRenderer } from 'electron'\nvoid ipcRenderer.invoke('x')\n"
    expect((await ruleIds(code, 'src/renderer/src/leak.ts')).join('\n')).toMatch(/Raw ipcRenderer only/)
    expect(await ruleIds(code, 'src/preload/index.ts')).toEqual([])
  })

  it('forbids electron in services, database and shared code', async () => {
    const code = "import { app } from 'electron'\nexport const name = app.getName()\n"
    for (const file of ['src/main/db/open.ts', 'src/main/sync/engine.ts', 'src/shared/money/stroops.ts', 'src/cli/index.ts']) {
      expect((await ruleIds(code, file)).join('\n')).toMatch(/never import electron/)
    }
  })

  it('allows shell.openExternal only in the one http(s) helper', async () => {
    const code = "import { shell } from 'electron'\nexport const go = (u: string) => shell.openExternal(u)\n"
    expect((await ruleIds(code, 'src/main/electron/window.ts')).join('\n')).toMatch(/openExternalSafely/)
    expect(await ruleIds(code, 'src/main/electron/open-in-browser.ts')).toEqual([])
  })

  it('forbids default exports', async () => {
    expect((await ruleIds('export default 1\n', 'src/main/db/open.ts')).join('\n')).toMatch(/named exports/)
  })

  it('keeps raw SQLite statements and the raw connection inside src/main/db', async () => {
    const code = "import type { MerchantDb } from '../db'\nexport const count = (store: MerchantDb) => store.sqlite.prepare('SELECT 1').get()\n"
    const outside = (await ruleIds(code, 'src/main/ledger/books.ts')).join('\n')
    expect(outside).toMatch(/No raw statements outside src\/main\/db/)
    expect(outside).toMatch(/raw SQLite connection belongs to src\/main\/db/)
    const inside = await ruleIds(code.replace("'../db'", "'./open'"), 'src/main/db/backup.ts')
    expect(inside.filter((line) => line.startsWith('no-restricted-syntax'))).toEqual([])
  })
})
