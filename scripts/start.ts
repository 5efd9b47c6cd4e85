// `npm start`: builds the app and opens it (electron-vite preview). Where the Electron binary is
// missing, say so in one sentence and point at the browser preview, instead of Electron's own
// download attempt and stack trace.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { findElectronBinary } from './electron-binary'

const electron = findElectronBinary()
if (electron === null) {
  console.error(
    'The Electron binary is not installed here (npm install could not download it), so the desktop app cannot open: run `npm run preview` to use Merchant Desk in your browser instead.'
  )
  process.exit(1)
}

const electronVite = dirname(createRequire(import.meta.url).resolve('electron-vite/package.json'))
const cli = join(electronVite, 'bin', 'electron-vite.js')
// electron-vite finds Electron its own way; hand it the binary found here so both agree.
const result = spawnSync(process.execPath, [cli, 'preview', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: electron }
})
process.exit(result.status ?? 1)
