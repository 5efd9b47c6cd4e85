// IPC without loops (issue #16, items 3 and 4): the router and event bus import no domain; a
// domain takes from them at most the EventBus type it emits on; no two folders of src/main import
// each other, even through others; and the command line enters main only through folder indexes.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = resolve(__dirname, '../../../src')

interface Import {
  readonly from: string
  readonly to: string
  readonly text: string
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(name) ? [path] : []
  })
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8')
  const found: Import[] = []
  for (const match of text.matchAll(/^(?:import|export)[^'"]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/gm)) {
    const target = resolve(dirname(file), (match[1] ?? match[2])!)
    // A folder import means its index.ts.
    const to = existsSync(target) && statSync(target).isDirectory() ? join(target, 'index.ts') : target
    found.push({ from: file, to, text: match[0] })
  }
  return found
}

/** "main/sync" for src/main/sync/engine.ts; "cli" for src/cli/context.ts. */
function folderOf(path: string): string {
  const parts = relative(SRC, path).split(sep)
  return parts[0] === 'main' && parts.length > 2 ? `main/${parts[1]}` : (parts[0] ?? '')
}

const mainImports = sourceFiles(join(SRC, 'main')).flatMap(importsOf)

describe('the ipc folder', () => {
  it('imports nothing from src/main', () => {
    const reaching = mainImports.filter((i) => folderOf(i.from) === 'main/ipc' && folderOf(i.to).startsWith('main') && folderOf(i.to) !== 'main/ipc')
    expect(reaching.map((i) => `${relative(SRC, i.from)}: ${i.text}`)).toEqual([])
  })

  it('gives the domains at most the types of the event bus and the router', () => {
    const outside = new Set(['main/ipc', 'main/app', 'main/electron'])
    const intoIpc = mainImports.filter((i) => folderOf(i.to) === 'main/ipc' && !outside.has(folderOf(i.from)))
    expect(intoIpc.length).toBeGreaterThan(0)
    const notTypes = intoIpc.filter((i) => !/^import type \{ (EventBus|Router)(, (EventBus|Router))* \} from/.test(i.text))
    expect(notTypes.map((i) => `${relative(SRC, i.from)}: ${i.text}`)).toEqual([])
  })
})

describe('the folders of src/main', () => {
  it('form no import cycle', () => {
    const edges = new Map<string, Set<string>>()
    for (const i of mainImports) {
      const [a, b] = [folderOf(i.from), folderOf(i.to)]
      if (a === b || !b.startsWith('main')) continue
      edges.set(a, (edges.get(a) ?? new Set()).add(b))
    }
    // A folder that reaches itself through others is in a cycle.
    const reaches = (start: string): Set<string> => {
      const seen = new Set<string>()
      const queue = [...(edges.get(start) ?? [])]
      while (queue.length > 0) {
        const next = queue.pop()!
        if (seen.has(next)) continue
        seen.add(next)
        queue.push(...(edges.get(next) ?? []))
      }
      return seen
    }
    const inCycles = [...edges.keys()].filter((folder) => reaches(folder).has(folder))
    expect(inCycles).toEqual([])
  })
})

describe('the command line', () => {
  it('enters src/main only through the service container and folder indexes', () => {
    const deep = sourceFiles(join(SRC, 'cli'))
      .flatMap(importsOf)
      .filter((i) => folderOf(i.to).startsWith('main/'))
      .filter((i) => relative(join(SRC, 'main'), i.to).split(sep)[1] !== 'index.ts')
    expect(deep.map((i) => `${relative(SRC, i.from)}: ${i.text}`)).toEqual([])
  })
})
