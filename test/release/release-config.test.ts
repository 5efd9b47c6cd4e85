// The installer configuration, held to what the README promises: targets per platform, the native
// module outside the ASAR, Electron's fuses flipped by the afterPack hook, a release workflow that
// runs the documented steps with only the documented secrets, and icons drawn by the committed script.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getCurrentFuseWire } from '@electron/fuses'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { afterPack, packedBinary, type PackedApp } from '../../scripts/after-pack'
import { drawIcon, LINUX_ICON_SIZES, MAIN_ICON_SIZE } from '../../scripts/icons'
import { describeWire, FUSES_AS_SIGNAL_SETS_THEM, writeStandInElectron } from './fuse-wire'

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const read = (path: string) => readFileSync(join(root, path), 'utf8')

interface Target {
  target: string
  arch?: string[]
}
const builder = parse(read('electron-builder.yml')) as Record<string, unknown> & {
  linux: { target: (string | Target)[]; icon: string }
  mac: { target: (string | Target)[]; icon: string; hardenedRuntime: boolean }
  win: { target: (string | Target)[]; icon: string }
  asarUnpack: string[]
  afterPack: string
  publish: { provider: string }
}
const targetNames = (targets: (string | Target)[]) => targets.map((target) => (typeof target === 'string' ? target : target.target))

describe('electron-builder.yml', () => {
  it('builds an AppImage and a deb, a dmg (with the zip macOS updates from), and an NSIS installer', () => {
    expect(targetNames(builder.linux.target)).toEqual(['AppImage', 'deb'])
    expect(targetNames(builder.mac.target)).toEqual(['dmg', 'zip'])
    expect(targetNames(builder.win.target)).toEqual(['nsis'])
    expect(builder.mac.hardenedRuntime).toBe(true)
  })

  it('keeps better-sqlite3 out of the ASAR and never rebuilds it', () => {
    expect(builder.asar).toBe(true)
    expect(builder.asarUnpack).toContain('node_modules/better-sqlite3/**/*')
    expect(builder.npmRebuild).toBe(false)
    expect(builder.buildDependenciesFromSource).toBe(false)
  })

  it('publishes to GitHub releases, where electron-updater looks', () => {
    expect(builder.publish.provider).toBe('github')
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> }
    expect(pkg.dependencies['electron-updater']).toBeDefined()
  })

  it('takes its icons from resources/ at the top level', () => {
    expect(builder.directories).toMatchObject({ buildResources: 'resources' })
    expect([builder.mac.icon, builder.win.icon, builder.linux.icon]).toEqual(['resources/icon.png', 'resources/icon.png', 'resources/icons'])
  })
})

describe('the afterPack hook', () => {
  let folder: string
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'md-fuses-'))
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  const context = (electronPlatformName: string): PackedApp => ({
    appOutDir: folder,
    electronPlatformName,
    arch: 1,
    packager: { appInfo: { productFilename: 'Merchant Desk' }, executableName: 'merchant-desk' }
  })

  it('is the hook electron-builder.yml names', () => {
    expect(resolve(root, builder.afterPack)).toBe(join(root, 'scripts/after-pack.ts'))
  })

  it.each(['linux', 'win32'])('flips the fuses as Signal sets them in the %s executable', async (platform) => {
    const binary = packedBinary(context(platform))
    expect(binary).toBe(join(folder, platform === 'win32' ? 'Merchant Desk.exe' : 'merchant-desk'))
    writeStandInElectron(binary)
    expect(describeWire(await getCurrentFuseWire(binary))).toMatchObject({ RunAsNode: true, OnlyLoadAppFromAsar: false })

    await afterPack(context(platform))

    expect(describeWire(await getCurrentFuseWire(binary))).toEqual(FUSES_AS_SIGNAL_SETS_THEM)
  })

  it('flips them in the Electron framework inside the macOS app bundle', async () => {
    const framework = join(folder, 'Merchant Desk.app/Contents/Frameworks/Electron Framework.framework')
    mkdirSync(framework, { recursive: true })
    writeStandInElectron(join(framework, 'Electron Framework'))

    await afterPack(context('darwin'))

    expect(describeWire(await getCurrentFuseWire(join(folder, 'Merchant Desk.app')))).toEqual(FUSES_AS_SIGNAL_SETS_THEM)
  })
})

describe('.github/workflows/release.yml', () => {
  const workflow = parse(read('.github/workflows/release.yml')) as {
    on: { push: { tags: string[] } }
    jobs: Record<string, { 'runs-on': string; needs?: string; strategy?: { matrix: { include: { os: string; platform: string }[] } }; steps: { run?: string; uses?: string; with?: Record<string, string> }[] }>
  }
  const runs = (job: string) => workflow.jobs[job]!.steps.flatMap((step) => (step.run ? [step.run] : []))

  it('runs on a version tag', () => {
    expect(workflow.on.push.tags).toEqual(['v*.*.*'])
  })

  it('tests with .ci/run before any installer is built', () => {
    expect(runs('test')).toEqual(['bash .ci/run'])
    expect(workflow.jobs.installers!.needs).toBe('test')
  })

  it('builds on Linux, macOS and Windows with the Node of .nvmrc, running the steps the README documents', () => {
    expect(workflow.jobs.installers!.strategy!.matrix.include.map((entry) => entry.platform)).toEqual(['linux', 'mac', 'win'])
    expect(workflow.jobs.installers!.steps.find((step) => step.uses?.startsWith('actions/setup-node'))!.with).toMatchObject({
      'node-version-file': '.nvmrc'
    })
    const commands = runs('installers')
    expect(commands.slice(0, 2)).toEqual(['npm ci --no-audit --no-fund', 'npx electron-vite build'])
    for (const platform of ['linux', 'mac', 'win']) {
      expect(commands.some((command) => command.startsWith(`npx electron-builder --${platform} --publish always`))).toBe(true)
    }
    const readme = read('README.md')
    for (const documented of ['.ci/run', '`npm ci`', '`npx electron-vite build`', '`npx electron-builder --<platform> --publish always`']) {
      expect(readme).toContain(documented)
    }
  })

  it('uses exactly the secrets the README names, and only as secrets', () => {
    const text = read('.github/workflows/release.yml')
    const used = new Set([...text.matchAll(/\$\{\{\s*secrets\.([A-Z_]+)\s*\}\}/g)].map((match) => match[1]!))
    const readme = read('README.md')
    const table = readme.slice(readme.indexOf('| secret | used for |'), readme.indexOf('The installed app checks'))
    const documented = new Set([...table.matchAll(/`([A-Z_]+)`/g)].map((match) => match[1]!))
    expect([...used].sort()).toEqual([...documented].sort())
    // Every value in the workflow's env blocks comes from a secret.
    for (const line of text.split('\n').filter((line) => /^\s+(CSC_|WIN_CSC_|APPLE_|GH_TOKEN)/.test(line))) {
      expect(line).toMatch(/: \$\{\{ secrets\.[A-Z_]+ \}\}$/)
    }
  })
})

describe('the icons in resources/', () => {
  const dimensions = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) })

  it('are the ones scripts/icons.ts draws, in every size', () => {
    const main = readFileSync(join(root, 'resources/icon.png'))
    expect(dimensions(main)).toEqual({ width: MAIN_ICON_SIZE, height: MAIN_ICON_SIZE })
    expect(main.equals(drawIcon(MAIN_ICON_SIZE))).toBe(true)
    for (const size of LINUX_ICON_SIZES) {
      const png = readFileSync(join(root, `resources/icons/${size}x${size}.png`))
      expect(dimensions(png), `${size}x${size}`).toEqual({ width: size, height: size })
      // Redrawing the large ones again costs seconds and proves nothing icon.png did not.
      if (size <= 256) expect(png.equals(drawIcon(size)), `${size}x${size}`).toBe(true)
    }
  })
})
