// Where the merchant's data lives. The CLI and the desktop app must agree, so both use this:
// Electron's userData for an app named "Merchant Desk", computed without importing electron.
import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_NAME = 'Merchant Desk'
export const DATABASE_FILE = 'merchant-desk.sqlite'

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.MERCHANT_DESK_DATA_DIR) return env.MERCHANT_DESK_DATA_DIR
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME)
}

export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultDataDir(env), DATABASE_FILE)
}
