// `npm run preview`: build the browser preview, start the same main services the desktop app
// uses (on a throwaway database unless --db says otherwise), and serve them on 127.0.0.1.
// Sandbox network only: a database pointed at Testnet or Mainnet is refused.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { chooseLedger, DATABASE_FILE, defaultDatabasePath, openChosenLedger } from '../../main/app'
import { isPostgresLocation } from '../../main/db'
import { startPreviewServer } from './preview-server'

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
export const PREVIEW_BUILD_DIR = join(REPO_ROOT, '.preview-build')
export const DEFAULT_PREVIEW_PORT = 5180

export interface PreviewArgs {
  readonly databasePath: string | null
  readonly port: number
  readonly build: boolean
}

export function parsePreviewArgs(argv: readonly string[]): PreviewArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      'skip-build': { type: 'boolean', default: false }
    },
    strict: true
  })
  const port = values.port === undefined ? DEFAULT_PREVIEW_PORT : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number, not ${values.port}`)
  return { databasePath: values.db ? (isPostgresLocation(values.db) ? values.db : resolve(values.db)) : null, port, build: !values['skip-build'] }
}

export async function buildPreview(): Promise<void> {
  const { build } = await import('vite')
  await build({ configFile: join(REPO_ROOT, 'vite.preview.config.ts'), logLevel: 'warn' })
}

export async function runPreview(argv: readonly string[]): Promise<void> {
  const args = parsePreviewArgs(argv)
  if (args.build) {
    console.log('Building the browser preview…')
    await buildPreview()
  }

  const scratchDir = args.databasePath ? null : await mkdtemp(join(tmpdir(), 'merchant-desk-preview-'))
  const deskFile = args.databasePath ?? join(scratchDir!, DATABASE_FILE)
  // --db names a file or a team's address outright; a file may name the team database its Team
  // database card saved (no keychain here: a password sealed with the passphrase stays locked).
  const choice = isPostgresLocation(deskFile)
    ? { databasePath: deskFile, deskDatabasePath: defaultDatabasePath(), source: 'environment' as const, notice: null }
    : await chooseLedger(deskFile, {})
  if (choice.notice !== null) console.warn(choice.notice)
  const services = await openChosenLedger(
    choice,
    {
      version: await packageVersion(),
      // A browser tab is not the desktop app: it never opens other programs.
      openExternal: async () => false,
      followOtherDesks: true
    },
    async (sentence) => {
      console.warn(`${sentence}\nThe preview opens this desk's own file instead: ${choice.deskDatabasePath}`)
      return 'desk'
    }
  )
  if (services === null) throw new Error('The preview did not start.')

  const settings = await services.router.call('settings:get', undefined)
  if (!settings.ok || (settings.value as { network?: unknown }).network !== 'sandbox') {
    await services.close()
    throw new Error('The browser preview runs on the Sandbox network only; this database is set to another network.')
  }

  const server = await startPreviewServer({ services, staticDir: PREVIEW_BUILD_DIR, port: args.port, host: '127.0.0.1' })
  console.log(`\nMerchant Desk preview (Sandbox network) is running.`)
  console.log(`  Open:      ${server.url}`)
  // The store's path: a team address shows without its password.
  console.log(`  Database:  ${services.store.path}${scratchDir ? ' (temporary, deleted on exit)' : ''}`)
  console.log('  Stop with Ctrl-C.\n')

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await server.close()
    await services.close()
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true })
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: string }
  return pkg.version ?? '0.0.0'
}
