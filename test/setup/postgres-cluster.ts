// The `postgres` project's globalSetup: a throwaway PostgreSQL cluster for one test run, started
// here and stopped and removed in teardown, so `npm test` on a fresh machine and .ci/run need no
// server of their own. Durability is switched off (the data is thrown away), which is what makes
// initdb and every commit fast. It listens on loopback only, on a free port, with its socket in
// its own temp folder.
import { execFileSync } from 'node:child_process'
import { appendFileSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { findPostgresBin, POSTGRES_MISSING } from './postgres-binaries'

declare module 'vitest' {
  interface ProvidedContext {
    /** The throwaway cluster's test database; '' when PostgreSQL is missing and the project is skipped. */
    postgresUrl: string
  }
}

export const TEST_DATABASE = 'merchant_desk_test'
const SERVER_USER = 'postgres'

interface Cluster {
  readonly dir: string
  readonly data: string
  readonly bin: string
  readonly asServerUser: boolean
}

let running: Cluster | null = null

export async function setup(project: TestProject): Promise<void> {
  const bin = findPostgresBin()
  if (bin === null) {
    if (process.env.CI) throw new Error(`${POSTGRES_MISSING} CI must run them.`)
    // vitest.config.ts has already said so and left the project with nothing to run.
    project.provide('postgresUrl', '')
    return
  }
  const started = Date.now()
  const url = await startCluster(bin)
  project.provide('postgresUrl', url)
  process.env.MERCHANT_DESK_TEST_POSTGRES_URL = url
  if (process.env.MERCHANT_DESK_TEST_TIMING) console.log(`postgres: cluster ready in ${Date.now() - started} ms at ${url}`)
}

export function teardown(): void {
  const started = Date.now()
  stopCluster()
  if (process.env.MERCHANT_DESK_TEST_TIMING) console.log(`postgres: cluster stopped and removed in ${Date.now() - started} ms`)
}

async function startCluster(bin: string): Promise<string> {
  // initdb refuses to run as root: as root (CI), the cluster belongs to the postgres system user.
  const asServerUser = process.getuid?.() === 0
  const dir = mkdtempSync(join(tmpdir(), 'md-pg-'))
  const cluster: Cluster = { dir, data: join(dir, 'data'), bin, asServerUser }
  running = cluster
  // A run that dies without teardown (Ctrl-C, a crash) still leaves no server behind.
  process.once('exit', stopCluster)
  try {
    if (asServerUser) {
      const { uid, gid } = serverUser()
      chownSync(dir, uid, gid)
    }
    run(cluster, 'initdb', ['-D', cluster.data, '-U', SERVER_USER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'])
    // Only loopback and the folder's socket, trusted: nothing else can reach this server.
    writeFileSync(join(cluster.data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n')
    const port = await freePort()
    appendFileSync(
      join(cluster.data, 'postgresql.conf'),
      [
        '',
        '# The test run: throwaway data, so no durability.',
        "listen_addresses = '127.0.0.1'",
        `port = ${port}`,
        `unix_socket_directories = '${dir}'`,
        'max_connections = 200',
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        ''
      ].join('\n')
    )
    run(cluster, 'pg_ctl', ['start', '-D', cluster.data, '-l', join(dir, 'server.log'), '-w', '-t', '30', '-s'])
    const client = new pg.Client({ host: '127.0.0.1', port, user: SERVER_USER, database: 'postgres' })
    await client.connect()
    try {
      await client.query(`CREATE DATABASE ${TEST_DATABASE}`)
    } finally {
      await client.end()
    }
    return `postgres://${SERVER_USER}@127.0.0.1:${port}/${TEST_DATABASE}`
  } catch (error) {
    const log = serverLog(cluster)
    stopCluster()
    throw new Error(`The throwaway PostgreSQL cluster for the tests did not start: ${explain(error)}${log}`, { cause: error })
  }
}

function stopCluster(): void {
  const cluster = running
  if (cluster === null) return
  running = null
  process.removeListener('exit', stopCluster)
  try {
    run(cluster, 'pg_ctl', ['stop', '-D', cluster.data, '-m', 'immediate', '-w', '-s'])
  } catch {
    // Not started, or already gone: removing the folder is all that is left.
  }
  rmSync(cluster.dir, { recursive: true, force: true })
}

function run(cluster: Cluster, program: string, args: readonly string[]): void {
  const path = join(cluster.bin, program)
  const [command, argv] = cluster.asServerUser ? ['runuser', ['-u', SERVER_USER, '--', path, ...args]] : [path, [...args]]
  // cwd: the server user may not be allowed into the caller's folder.
  execFileSync(command, argv, { cwd: cluster.dir, stdio: ['ignore', 'pipe', 'pipe'] })
}

function serverUser(): { uid: number; gid: number } {
  try {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, SERVER_USER], { encoding: 'utf8' }).trim()))
    return { uid: uid as number, gid: gid as number }
  } catch {
    throw new Error(`running as root, the cluster needs the '${SERVER_USER}' system user (Debian's postgresql package creates it)`)
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** The server's own words when it refused to start (pg_ctl only says that it did). */
function serverLog(cluster: Cluster): string {
  const log = join(cluster.dir, 'server.log')
  if (!existsSync(log)) return ''
  return `\n${readFileSync(log, 'utf8').trim().split('\n').slice(-10).join('\n')}`
}

function explain(error: unknown): string {
  const stderr = (error as { stderr?: Buffer | string }).stderr
  const text = stderr === undefined ? '' : String(stderr).trim()
  return text !== '' ? text : error instanceof Error ? error.message : String(error)
}
