// Where the Electron binary is, without asking the `electron` package: requiring it starts a
// download when the binary is missing, which hangs or fails on machines with no route to
// Electron's release servers (npm install with ELECTRON_SKIP_BINARY_DOWNLOAD=1 leaves it out).
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The executable's path, or null when `npm install` could not (or was told not to) fetch it. */
export function findElectronBinary(): string | null {
  let packageDir: string
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return null
  }
  // The same lookup as the package's index.js, minus the download.
  const pathFile = join(packageDir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) return existsSync(join(override, relative ?? 'electron')) ? join(override, relative ?? 'electron') : null
  if (relative === null) return null
  const binary = join(packageDir, 'dist', relative)
  return existsSync(binary) ? binary : null
}
