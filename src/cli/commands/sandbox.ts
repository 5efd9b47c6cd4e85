// `merchant-desk sandbox`: both simulated servers (Pi Platform API and Horizon) on loopback,
// until stopped. Prints one JSON line with everything a client needs to connect. The key and the
// seed it prints are the sandbox's own, generated from --seed: they move no real Pi.
// `--stop` stops the background sandbox that `--network sandbox` started for a database.
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { UserFacingError } from '../../shared/errors'
import { startSandbox, type RunningSandbox } from '../../sandbox'
import { openDatabase } from '../../main/db'
import { defaultDatabasePath } from '../../main/app'
import { stopBackgroundSandbox } from '../background-sandbox'
import { connectionFlags } from '../context'
import { withExamples } from '../help'
import { parseNonNegativeInt } from '../parse'

interface SandboxFlags {
  port: string
  payments: string
  seed: string
  idleMinutes?: string
  orders?: string
  stop?: boolean
}

export function registerSandboxCommand(program: Command): void {
  withExamples(
    program
      .command('sandbox')
      .description('Start the sandbox network (simulated Pi Platform API and Horizon) on loopback until stopped.')
      .option('--port <n>', 'Pi Platform API port (Horizon listens on the next one); 0 picks free ports', '0')
      .option('--payments <n>', 'generate this many payments of sample history', '0')
      .option('--seed <n>', 'seed of the generated keys and history (same seed, same sandbox)', '1')
      .option('--idle-minutes <n>', 'stop after this many minutes without a request (default: never)')
      .option('--orders <file>', "write the generated shop's order list (order, payment_id) to this CSV, as a shop's backend keeps it")
      .option('--stop', 'stop the background sandbox that --network sandbox started for --db, and exit'),
    ['merchant-desk sandbox --port 8700 --payments 200 --seed 1 --orders orders.csv', 'merchant-desk sandbox --stop --db shop.sqlite']
  ).action(async (options: SandboxFlags, command: Command) => {
    if (options.stop) {
      const store = openDatabase(connectionFlags(command).db ?? defaultDatabasePath())
      try {
        const pid = await stopBackgroundSandbox(store)
        process.stdout.write(pid === null ? 'No background sandbox was running for this database.\n' : `Stopped the background sandbox (process ${pid}).\n`)
      } finally {
        store.close()
      }
      return
    }
    const port = parseNonNegativeInt(options.port, '--port')
    if (port > 65_534) throw new UserFacingError('invalid_option', '--port takes a port from 1 to 65534 (the sandbox also uses the next one), or 0 for free ones.')
    const idleMinutes = options.idleMinutes === undefined ? null : parseNonNegativeInt(options.idleMinutes, '--idle-minutes')
    const sandbox = await startSandbox({
      port,
      payments: parseNonNegativeInt(options.payments, '--payments'),
      seed: parseNonNegativeInt(options.seed, '--seed')
    }).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException | null)?.code
      if (code === 'EADDRINUSE' || code === 'EACCES') {
        throw new UserFacingError(
          'port_unavailable',
          `Port ${port} or ${port + 1} ${code === 'EADDRINUSE' ? 'is already in use (another sandbox?)' : 'may not be used by this user'}. ` +
            'Choose another with --port N (the sandbox needs N and N+1), or --port 0 for free ones.'
        )
      }
      throw error
    })
    if (options.orders !== undefined) {
      try {
        writeOrders(sandbox, options.orders)
      } catch (error) {
        await sandbox.close()
        throw error
      }
    }
    process.stdout.write(
      `${JSON.stringify({
        platformUrl: sandbox.platformUrl,
        horizonUrl: sandbox.horizonUrl,
        apiKey: sandbox.apiKey,
        appWalletPublicKey: sandbox.appWallet.publicKey,
        appWalletSeed: sandbox.appWallet.seed,
        networkPassphrase: sandbox.networkPassphrase
      })}\n`
    )
    let idle: NodeJS.Timeout | null = null
    await new Promise<void>((resolve) => {
      const stop = () => resolve()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      if (idleMinutes !== null && idleMinutes > 0) idle = stopWhenIdle(sandbox, idleMinutes * 60_000, stop)
    })
    if (idle !== null) clearInterval(idle)
    await sandbox.close()
  })
}

/**
 * The shop backend's side of the generated history: every Pi payment id it started or paid, one
 * order each. A real shop keeps this list; `payments track --file` reads it, and finds the
 * payments that never reached the chain (which a sync cannot see).
 */
function writeOrders(sandbox: RunningSandbox, path: string): void {
  const ids = Object.values(sandbox.dataset?.manifest.ids.byCategory ?? {}).flat()
  const lines = ['order,payment_id', ...ids.map((id, index) => `${index + 1},${id}`)]
  try {
    writeFileSync(path, `${lines.join('\n')}\n`)
  } catch {
    throw new UserFacingError('orders_not_written', `Could not write ${path}. Check the folder exists and may be written, then try again.`)
  }
}

/** Resolves `stop` once neither server has had a request for `idleMs`. */
function stopWhenIdle(sandbox: RunningSandbox, idleMs: number, stop: () => void): NodeJS.Timeout {
  const served = () => sandbox.platform.requests.count() + sandbox.horizon.requests.count()
  let seen = served()
  let quietSince = Date.now()
  const timer = setInterval(() => {
    const now = served()
    if (now !== seen) {
      seen = now
      quietSince = Date.now()
    } else if (Date.now() - quietSince >= idleMs) {
      clearInterval(timer)
      stop()
    }
  }, Math.min(30_000, idleMs))
  return timer
}
