// Where this machine's PostgreSQL server programs are: the test run starts its own throwaway
// cluster with them. Synchronous, because vitest.config.ts asks too (to skip the project politely).
import { existsSync, readdirSync, realpathSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'

/** Debian installs each major version's programs here and puts only the client ones on PATH. */
const DEBIAN_ROOT = '/usr/lib/postgresql'

/** The folder holding initdb, pg_ctl and postgres, or null when PostgreSQL is not installed. */
export function findPostgresBin(): string | null {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder === '') continue
    const initdb = join(folder, 'initdb')
    // A symlink on PATH (/usr/local/bin/initdb) leads to the real folder, where pg_ctl finds postgres.
    if (existsSync(initdb)) {
      const real = dirname(realpathSync(initdb))
      if (hasServer(real)) return real
    }
  }
  if (!existsSync(DEBIAN_ROOT)) return null
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
  for (const version of versions) {
    const bin = join(DEBIAN_ROOT, version, 'bin')
    if (hasServer(bin)) return bin
  }
  return null
}

function hasServer(bin: string): boolean {
  return ['initdb', 'pg_ctl', 'postgres'].every((name) => existsSync(join(bin, name)))
}

export const POSTGRES_MISSING =
  "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin): install Debian's postgresql to run the suites on PostgreSQL."
