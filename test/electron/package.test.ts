// Packs the app as electron-builder does for a merchant (Linux, unpacked `dir` target, so no
// AppImage tools are needed), with a stand-in Electron executable where the real one cannot be
// downloaded: what goes into the ASAR, what stays out of it, the afterPack hook's fuses, and where
// the updater will look. The installers proper are built by .github/workflows/release.yml.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { listPackage } from '@electron/asar'
import { getCurrentFuseWire } from '@electron/fuses'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { describeWire, FUSES_AS_SIGNAL_SETS_THEM, writeStandInElectron } from '../release/fuse-wire'

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const requireHere = createRequire(import.meta.url)
const binOf = (pkg: string, bin: string) => join(dirname(requireHere.resolve(`${pkg}/package.json`)), bin)

let work: string
let unpacked: string
let asarFiles: string[]

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'md-package-'))
  const electronDist = join(work, 'electron-dist')
  mkdirSync(electronDist)
  writeStandInElectron(join(electronDist, 'electron'))
  writeFileSync(join(electronDist, 'version'), '45.6.1')
  writeFileSync(join(electronDist, 'LICENSE'), 'MIT')
  writeFileSync(join(electronDist, 'LICENSES.chromium.html'), '')
  mkdirSync(join(electronDist, 'resources'))

  execFileSync(process.execPath, [binOf('electron-vite', 'bin/electron-vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'pipe' })
  execFileSync(
    process.execPath,
    [
      binOf('electron-builder', 'cli.js'),
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${join(work, 'dist')}`,
      // In a clone of the GitHub repository these come from the origin remote.
      '-c.publish.owner=merchant-desk',
      '-c.publish.repo=merchant-desk'
    ],
    { cwd: root, stdio: 'pipe', env: { ...process.env, CI: 'true' } }
  )
  unpacked = join(work, 'dist', 'linux-unpacked')
  asarFiles = listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false }).map((file) => file.replaceAll('\\', '/'))
}, 240_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('the packed app (electron-builder, Linux, with a stand-in Electron)', () => {
  it('holds the built bundles and package.json in the ASAR, and no source or tests', () => {
    for (const file of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']) {
      expect(asarFiles).toContain(file)
    }
    expect(asarFiles.filter((file) => /^\/(src|test|scripts|resources)\//.test(file))).toEqual([])
    expect(asarFiles.filter((file) => file.endsWith('.map'))).toEqual([])
  })

  it('ships every package the main bundle imports, and no development tools', () => {
    const bundle = readFileSync(join(root, 'out/main/index.js'), 'utf8')
    const imported = new Set(
      [...bundle.matchAll(/(?:from |import\()"([^"]+)"/g)]
        .map((match) => match[1]!)
        .filter((name) => !name.startsWith('node:') && name !== 'electron')
        .map((name) => name.split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/'))
    )
    expect([...imported]).toEqual(expect.arrayContaining(['better-sqlite3', 'kysely', 'electron-updater']))
    for (const name of imported) expect(asarFiles, name).toContain(`/node_modules/${name}/package.json`)
    for (const devOnly of ['electron', 'vitest', 'electron-builder', 'react']) {
      expect(asarFiles.some((file) => file.startsWith(`/node_modules/${devOnly}/`)), devOnly).toBe(false)
    }
  })

  it('keeps better-sqlite3 and its Node-API binary outside the ASAR, as real files', () => {
    const binary = join(unpacked, `resources/app.asar.unpacked/node_modules/better-sqlite3/prebuilds/linux-${process.arch}.node`)
    expect(statSync(binary).isFile()).toBe(true)
    expect(readFileSync(binary).subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46])) // an ELF shared object
    expect(existsSync(join(unpacked, 'resources/app.asar.unpacked/node_modules/better-sqlite3/lib/index.js'))).toBe(true)
  })

  it('flipped the fuses of the packed executable (the afterPack hook)', async () => {
    expect(describeWire(await getCurrentFuseWire(join(unpacked, 'merchant-desk')))).toEqual(FUSES_AS_SIGNAL_SETS_THEM)
  })

  it('tells electron-updater to look for updates in the GitHub releases', () => {
    const updates = parse(readFileSync(join(unpacked, 'resources/app-update.yml'), 'utf8')) as Record<string, string>
    expect(updates).toMatchObject({ provider: 'github', owner: 'merchant-desk', repo: 'merchant-desk' })
  })
})
