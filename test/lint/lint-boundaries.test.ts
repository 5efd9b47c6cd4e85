import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The boundaries between the parts of src/ (style.md 13, issue #16) hold only while the lint that
// states them fires: each rule is proved on an import that breaks it and one that keeps it.
const eslint = new ESLint({ cwd: process.cwd() })

/** What lint says of `code` as if it were `filePath`: "error|warn rule: message" per finding. */
async function findings(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => `${m.severity === 2 ? 'error' : 'warn'} ${m.ruleId}: ${m.message}`)
}

async function boundaryFindings(code: string, filePath: string): Promise<string[]> {
  return (await findings(code, filePath)).filter((line) => line.includes('import-x/'))
}

describe('the renderer runs in a page', () => {
  const page = 'src/renderer/src/ledger/new-file.ts'

  // The first lint reads, for no-cycle, every module these imports reach: seconds on a busy machine.
  it('imports nothing from main, the sandbox or the preview server', { timeout: 120_000 }, async () => {
    for (const from of ['../../../main/db', '../../../main/sync/engine', '../../../sandbox', '../../../preview/server/preview-server', '../../../cli/context']) {
      const said = await boundaryFindings(`import * as m from '${from}'\nexport const x = m\n`, page)
      expect(said, from).toEqual([expect.stringMatching(/^error import-x\/no-restricted-paths: .*The renderer imports only src\/shared/)])
    }
  })

  it('imports no Node built-in', async () => {
    for (const from of ['node:fs', 'fs', 'path', 'node:crypto']) {
      const said = await boundaryFindings(`import * as m from '${from}'\nexport const x = m\n`, page)
      expect(said, from).toEqual([expect.stringMatching(/^error import-x\/no-nodejs-modules/)])
    }
  })

  it('imports src/shared and its own files', async () => {
    const code = "import { formatPi } from '../../../shared/money'\nimport { Button } from '../ui'\nexport const x = [formatPi, Button]\n"
    expect(await boundaryFindings(code, page)).toEqual([])
  })

  it('refuses an import cycle', async () => {
    // routes.ts imports every page: a page that imports the route table back closes a loop.
    const code = "import { ROUTES } from '../app/routes'\nexport const LedgerPage = () => ROUTES.length\n"
    expect(await boundaryFindings(code, 'src/renderer/src/pages/ledger-page.tsx')).toEqual([expect.stringMatching(/^error import-x\/no-cycle/)])
  })
})

describe('the sandbox and the shared code stand alone', () => {
  it('the sandbox imports nothing from main', async () => {
    const said = await boundaryFindings("import { openDatabase } from '../../main/db'\nexport const x = openDatabase\n", 'src/sandbox/chain/new-file.ts')
    expect(said).toEqual([expect.stringMatching(/^error import-x\/no-restricted-paths: .*never imports the desk/)])
  })

  it('src/shared imports nothing from main, the renderer, the sandbox, nor Node', async () => {
    for (const from of ['../../main/db', '../../renderer/src/app/routes', '../../sandbox', 'node:fs']) {
      const said = await boundaryFindings(`import * as m from '${from}'\nexport const x = m\n`, 'src/shared/money/new-file.ts')
      expect(said, from).toEqual([expect.stringMatching(/^error import-x\/(no-restricted-paths|no-nodejs-modules)/)])
    }
  })
})

describe('a folder of src/main is entered through its index.ts', () => {
  const file = 'src/main/ledger/books.ts'

  it('flags a file of another folder, db/migrations included', async () => {
    for (const from of ['../sync/engine', '../db/open', '../db/migrations']) {
      const said = await boundaryFindings(`import * as m from '${from}'\nexport const x = m\n`, file)
      expect(said, from).toEqual([expect.stringMatching(/^error import-x\/no-restricted-paths: .*through its index\.ts/)])
    }
  })

  it('lets a folder import another through its index and its own files freely', async () => {
    const code = "import * as sync from '../sync'\nimport * as types from './types'\nexport const x = [sync, types]\n"
    expect(await boundaryFindings(code, file)).toEqual([])
  })

  it('holds the CLI to the folders’ index.ts files too', async () => {
    expect(await boundaryFindings("import * as m from '../main/sync/engine'\nexport const x = m\n", 'src/cli/context.ts')).toEqual([
      expect.stringMatching(/^error import-x\/no-restricted-paths/)
    ])
    expect(await boundaryFindings("import * as m from '../main/sync'\nexport const x = m\n", 'src/cli/context.ts')).toEqual([])
  })
})
