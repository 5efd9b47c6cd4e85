// The sandbox a command line chooses (`--network sandbox` with no URLs). Each command is its own
// process, and the simulated chain lives in memory, so a sandbox started inside every command
// would begin a new history each time and erase what the one before synced. Instead one sandbox
// runs in the background per database (`merchant-desk sandbox`, started on first use), and every
// later command on that database attaches to it: one history, as the README's examples need.
// The database remembers it (settings `cli.sandbox`): its process, its address and its seed. The
// sandbox's key and seed are its own, derived from the seed: they move no real Pi.
// It stops after an hour without requests, or with `merchant-desk sandbox --stop`.
import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { UserFacingError } from '../shared/errors'
import { NETWORKS } from '../shared/network'
import { sandboxAppKeys } from '../sandbox'
import { clearNetworkLedger, getSetting, putSetting, withTransaction, type MerchantDb } from '../main/db'
import { processIsAlive } from '../main/host'
import type { ConnectionSettings } from '../main/network'

const SETTING = 'cli.sandbox'
/** The generated shop history of a sandbox the command line starts (as the desktop app's). */
export const BACKGROUND_SANDBOX_PAYMENTS = 500
export const BACKGROUND_SANDBOX_SEED = 1
/** A background sandbox nobody asked anything for this long stops. */
export const BACKGROUND_SANDBOX_IDLE_MINUTES = 60
const START_TIMEOUT_MS = 90_000

const recordSchema = z.union([
  z.object({ state: z.literal('starting'), by: z.number().int(), at: z.number() }),
  z.object({
    state: z.literal('running'),
    pid: z.number().int().positive(),
    seed: z.number().int().nonnegative(),
    platformUrl: z.string().url(),
    horizonUrl: z.string().url(),
    passphrase: z.literal('Pi Testnet')
  })
])
type SandboxRecord = z.infer<typeof recordSchema>
type RunningRecord = Extract<SandboxRecord, { state: 'running' }>

export interface BackgroundSandbox {
  readonly connection: ConnectionSettings
  /** The app wallet's secret seed (a sandbox key). */
  readonly walletSeed: string
  /** A sentence when this command started a new sandbox (and so cleared the old sandbox rows). */
  readonly started: string | null
}

export async function attachBackgroundSandbox(store: MerchantDb): Promise<BackgroundSandbox> {
  const deadline = Date.now() + START_TIMEOUT_MS
  for (;;) {
    const record = await read(store)
    if (record?.state === 'running' && (await answers(record))) return attached(record, null)
    if (record?.state === 'starting' && record.by !== process.pid && processIsAlive(record.by) && Date.now() - record.at < START_TIMEOUT_MS) {
      // Another command on this database is starting it: wait for that one.
      if (Date.now() > deadline) break
      await new Promise((resolve) => setTimeout(resolve, 250))
      continue
    }
    if (!(await claim(store, record))) continue
    const running = await start(store)
    // A new simulated chain: rows synced from an earlier one would point at transactions that no
    // longer exist. Cleared in the same step that records the new sandbox.
    const removed = await withTransaction(store, async (tx) => {
      const count = await clearNetworkLedger(tx, 'sandbox')
      await putSetting(tx, SETTING, running)
      return count
    })
    return attached(
      running,
      `Started the built-in sandbox in the background (process ${running.pid}; stop it with \`merchant-desk sandbox --stop\`)` +
        (removed > 0 ? '; its history is new, so the sandbox rows of this ledger were cleared.' : '.')
    )
  }
  throw new UserFacingError('sandbox_not_started', 'The built-in sandbox did not start within 90 seconds. Try again, or start one with `merchant-desk sandbox`.')
}

/** Stops this database's background sandbox and waits for it to end; its process id, or null when none was running. */
export async function stopBackgroundSandbox(store: MerchantDb): Promise<number | null> {
  const record = await read(store)
  if (record?.state !== 'running') return null
  const alive = (await answers(record)) && processIsAlive(record.pid)
  if (alive) {
    process.kill(record.pid, 'SIGTERM')
    for (let waited = 0; processIsAlive(record.pid) && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await putSetting(store, SETTING, null)
  return alive ? record.pid : null
}

function attached(record: RunningRecord, started: string | null): BackgroundSandbox {
  const keys = sandboxAppKeys(record.seed)
  return {
    connection: {
      networkId: 'sandbox',
      passphrase: record.passphrase,
      platformUrl: record.platformUrl,
      horizonUrl: record.horizonUrl,
      apiKey: keys.apiKey,
      appWallet: keys.appWallet.publicKey,
      explorerTxUrl: NETWORKS.sandbox.explorerTxUrl
    },
    walletSeed: keys.appWallet.seed,
    started
  }
}

function read(store: MerchantDb): Promise<SandboxRecord | null> {
  return getSetting(store, SETTING, recordSchema.nullable(), null)
}

/** Takes the right to start one, unless another command took it since `seen` was read. */
function claim(store: MerchantDb, seen: SandboxRecord | null): Promise<boolean> {
  return withTransaction(store, async (tx) => {
    if (JSON.stringify(await read(tx)) !== JSON.stringify(seen)) return false
    await putSetting(tx, SETTING, { state: 'starting', by: process.pid, at: Date.now() })
    return true
  })
}

async function start(store: MerchantDb): Promise<RunningRecord> {
  // The sandbox prints one JSON line when it listens; it goes to a file, as the process outlives
  // this one (a pipe would break when this command exits).
  // Beside the ledger file, or in the temp folder for a team database (its path is an address).
  const beside = store.engine.kind === 'postgres' ? join(tmpdir(), 'merchant-desk') : store.path
  const announce = `${beside}.sandbox-start.${process.pid}.json`
  const out = openSync(announce, 'w')
  try {
    const entry = fileURLToPath(new URL('../../bin/merchant-desk.js', import.meta.url))
    const child = spawn(
      process.execPath,
      [entry, 'sandbox', '--payments', String(BACKGROUND_SANDBOX_PAYMENTS), '--seed', String(BACKGROUND_SANDBOX_SEED), '--idle-minutes', String(BACKGROUND_SANDBOX_IDLE_MINUTES)],
      { detached: true, stdio: ['ignore', out, out], env: { ...process.env, MERCHANT_DESK_DEBUG: '' } }
    )
    child.unref()
    const deadline = Date.now() + START_TIMEOUT_MS
    while (Date.now() < deadline) {
      const line = readFileSync(announce, 'utf8').split('\n')[0] ?? ''
      if (line.startsWith('{')) {
        const printed = JSON.parse(line) as { platformUrl: string; horizonUrl: string; networkPassphrase: string }
        return {
          state: 'running',
          pid: child.pid ?? 0,
          seed: BACKGROUND_SANDBOX_SEED,
          platformUrl: printed.platformUrl,
          horizonUrl: printed.horizonUrl,
          passphrase: 'Pi Testnet'
        }
      }
      if (child.exitCode !== null) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new UserFacingError(
      'sandbox_not_started',
      `The built-in sandbox did not start${readFileSync(announce, 'utf8').trim() ? `: ${readFileSync(announce, 'utf8').trim().split('\n')[0]}` : ''}. Try again, or start one with \`merchant-desk sandbox\`.`
    )
  } finally {
    closeSync(out)
    rmSync(announce, { force: true })
  }
}


/** The recorded sandbox still answers as Horizon of the sandbox's network. */
async function answers(record: RunningRecord): Promise<boolean> {
  if (!processIsAlive(record.pid)) return false
  try {
    const response = await fetch(`${record.horizonUrl}/`, { signal: AbortSignal.timeout(3000) })
    const root = (await response.json()) as { network_passphrase?: string }
    return root.network_passphrase === record.passphrase
  } catch {
    return false
  }
}
