// Invariant 4 under SIGKILL: the real CLI (`merchant-desk refund`) is killed at every step of the
// payout journal, many times, then `merchant-desk payouts resume` runs in a fresh process. The
// simulated ledger is the judge: every refund the CLI recorded ends completed at Pi with exactly
// one payment on chain carrying its Pi payment id, or failed with none. Zero double payments,
// zero lost refunds. A second test kills the CLI at random moments while the servers are slow.
import { spawn } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db'
import { PAYOUT_FAILPOINTS } from '../../../src/main/payouts'
import type { RunningSandbox } from '../../../src/sandbox'
import { ledgerSql, tempDatabasePath } from '../../support'
import { openPayoutWorld, startPayoutSandbox } from './fixture'

const CLI = fileURLToPath(new URL('../../../bin/merchant-desk.js', import.meta.url))
/** Each failpoint is crashed at this many times (a fresh refund each time). */
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 2)

let sandbox: RunningSandbox
let dir: string
let databasePath: string

beforeAll(async () => {
  sandbox = await startPayoutSandbox()
  dir = await mkdtemp(join(tmpdir(), 'md-crash-'))
  databasePath = tempDatabasePath(dir, 'ledger.sqlite')
})
afterAll(async () => {
  await sandbox.close()
  await rm(dir, { recursive: true, force: true })
})

function cliArgs(...args: string[]): string[] {
  return [CLI, ...args, '--db', databasePath, '--network', 'sandbox', '--platform-url', sandbox.platformUrl, '--horizon-url', sandbox.horizonUrl]
}

function cliEnv(crashAt?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PI_API_KEY: sandbox.apiKey, PI_WALLET_SEED: sandbox.appWallet.seed }
  if (crashAt) env.MERCHANT_DESK_CRASH_AT = crashAt
  else delete env.MERCHANT_DESK_CRASH_AT
  return env
}

/**
 * Runs the CLI to its end; answers how it ended (a signal for a crash). `killAfterMs` counts from
 * the payout's first progress line ("Requested"), so the kill lands inside the journal's steps
 * however long the process took to start.
 */
function runCli(args: string[], env: NodeJS.ProcessEnv, killAfterMs?: number): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    let timer: NodeJS.Timeout | null = null
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (killAfterMs !== undefined && timer === null && stderr.includes('Requested')) {
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
      }
    })
    child.stdout.on('data', (chunk: Buffer) => {
      if (process.env.DEBUG_CRASH) appendFileSync('/tmp/crash-debug.log', chunk)
    })
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer)
      if (process.env.DEBUG_CRASH) appendFileSync('/tmp/crash-debug.log', `exit ${code} ${signal} ${stderr}\n`)
      resolve({ code, signal, stderr })
    })
  })
}

/** Completed sales in the CLI's database file. */
async function sales(count: number): Promise<string[]> {
  const world = openPayoutWorld(sandbox, { databasePath })
  try {
    const ids: string[] = []
    for (let i = 0; i < count; i += 1) ids.push(await world.completedSale(20))
    return ids
  } finally {
    world.close()
  }
}

interface Verdict {
  readonly refunds: number
  readonly completed: number
  readonly failed: number
  readonly doublePayments: string[]
  readonly unfinished: string[]
}

/** What the chain and Pi say about every refund the journal recorded. */
async function judge(expectedSales: readonly string[]): Promise<Verdict> {
  const store = openDatabase(databasePath)
  const world = openPayoutWorld(sandbox, {})
  try {
    const rows = await ledgerSql(store).all<{
      id: bigint
      refund_of: string
      state: string
      pi_payment_id: string | null
    }>('SELECT id, refund_of, state, pi_payment_id FROM payouts ORDER BY id')
    const doublePayments: string[] = []
    const unfinished: string[] = []
    let completed = 0
    let failed = 0
    for (const row of rows) {
      const paid = row.pi_payment_id === null ? [] : world.paymentsOnChain(row.pi_payment_id)
      if (paid.length > 1) doublePayments.push(`${row.id}: ${paid.length} payments`)
      if (row.state === 'completed') {
        const atPi = await world.pi.getPayment(row.pi_payment_id!)
        if (paid.length !== 1 || !atPi.status.developerCompleted) unfinished.push(`${row.id}: completed but chain ${paid.length}, Pi ${atPi.status.developerCompleted}`)
        completed += 1
      } else if (row.state === 'failed') {
        if (paid.length !== 0) doublePayments.push(`${row.id}: failed yet paid`)
        failed += 1
      } else {
        unfinished.push(`${row.id}: ${row.state}`)
      }
    }
    // Zero lost refunds: every sale the CLI was asked to refund has its journal row.
    const refunded = new Set(rows.map((row) => row.refund_of))
    for (const sale of expectedSales) if (!refunded.has(sale)) unfinished.push(`sale ${sale} has no refund`)
    return { refunds: rows.length, completed, failed, doublePayments, unfinished }
  } finally {
    world.close()
    store.close()
  }
}

describe('crash at every journal step', () => {
  it(`kills the CLI at each of ${PAYOUT_FAILPOINTS.length} failpoints ${ROUNDS} times; resume finishes every refund, none paid twice`, async () => {
    const points = PAYOUT_FAILPOINTS.flatMap((point) => Array.from({ length: ROUNDS }, () => point))
    const ids = await sales(points.length)
    for (const [index, point] of points.entries()) {
      const sale = ids[index]!
      const crashed = await runCli(cliArgs('refund', sale, '--amount', '1.5', '--reason', 'damaged', '--yes', '--json'), cliEnv(point))
      expect(crashed.signal, `${point}: ${crashed.stderr}`).toBe('SIGKILL')
      const resumed = await runCli(cliArgs('payouts', 'resume', '--json'), cliEnv())
      expect(resumed.code, `${point}: ${resumed.stderr}`).toBe(0)
    }
    const verdict = await judge(ids)
    expect(verdict.doublePayments).toEqual([])
    expect(verdict.unfinished).toEqual([])
    expect(verdict.refunds).toBe(points.length)
    expect(verdict.completed).toBe(points.length)
  }, 600_000)
})

describe('crash at random moments', () => {
  it('kills the CLI at random times while Pi and Horizon are slow; after resume nothing is paid twice or lost', async () => {
    const attempts = 8
    const ids = await sales(attempts)
    sandbox.horizon.faults.add({ route: 'POST /transactions', kind: 'latency', ms: 400 })
    sandbox.platform.faults.add({ route: /^POST \/v2\/payments/, kind: 'latency', ms: 300 })
    try {
      for (const [index, sale] of ids.entries()) {
        // Spread over the journal's steps (each waits 300-400 ms on the slowed servers).
        const killAfterMs = (index * 397) % 2000
        await runCli(cliArgs('refund', sale, '--amount', '2', '--reason', 'goodwill', '--yes'), cliEnv(), killAfterMs)
      }
    } finally {
      sandbox.horizon.faults.clear()
      sandbox.platform.faults.clear()
    }
    const resumed = await runCli(cliArgs('payouts', 'resume', '--json'), cliEnv())
    expect(resumed.code, resumed.stderr).toBe(0)
    const verdict = await judge([])
    expect(verdict.doublePayments).toEqual([])
    expect(verdict.unfinished).toEqual([])
    // A kill before the intent was recorded leaves nothing at all: nothing was paid for it either.
    const store = openDatabase(databasePath)
    try {
      for (const sale of ids) {
        const recorded = await ledgerSql(store).values<string | null>('SELECT pi_payment_id FROM payouts WHERE refund_of = ?', sale)
        expect(recorded.length).toBeLessThanOrEqual(1)
        if (recorded.length === 0) {
          const world = openPayoutWorld(sandbox)
          try {
            const strays = [...sandbox.platform.state.payments()].filter((p) => p.app === sandbox.app && p.direction === 'app_to_user' && p.metadata.refund_of === sale)
            expect(strays).toEqual([])
          } finally {
            world.close()
          }
        }
      }
    } finally {
      store.close()
    }
  }, 600_000)
})


describe('the paths of issue #12 through the real CLI', () => {
  it('a cancel while a signed envelope exists, and a truncated answer at each Pi write: nothing lands for a cancelled payment, nothing is paid twice', async () => {
    const ids = await sales(3)
    const [signedSale, createSale, completeSale] = ids as [string, string, string]
    const rowOf = async (sale: string) => {
      const store = openDatabase(databasePath)
      try {
        return (await ledgerSql(store).get<{
          id: bigint
          state: string
          pi_payment_id: string | null
          envelope_max_time: bigint | null
        }>('SELECT id, state, pi_payment_id, envelope_max_time FROM payouts WHERE refund_of = ?', sale))!
      } finally {
        store.close()
      }
    }

    // 1. Killed with a signed envelope stored; `cancel` is refused while it may land; the shop's
    // backend cancels at Pi behind the journal's back; resume never sends the envelope.
    const crashed = await runCli(cliArgs('refund', signedSale, '--amount', '1', '--reason', 'damaged', '--yes'), cliEnv('envelope-signed'))
    expect(crashed.signal).toBe('SIGKILL')
    const signed = await rowOf(signedSale)
    expect(signed.state).toBe('signed')
    const refused = await runCli(cliArgs('cancel', signed.pi_payment_id!), cliEnv())
    expect(refused.code).not.toBe(0)
    const backend = openPayoutWorld(sandbox)
    try {
      await backend.pi.cancelPayment(signed.pi_payment_id!)
    } finally {
      backend.close()
    }
    const waiting = await runCli(cliArgs('payouts', 'resume', '--json'), cliEnv())
    expect(waiting.code).not.toBe(0)
    expect((await rowOf(signedSale)).state).toBe('signed')
    sandbox.chain.advanceTime(Math.max(0, Number(signed.envelope_max_time) * 1000 - sandbox.chain.now().getTime()) + 60_000)
    sandbox.chain.closeLedger()

    // 2. A truncated 2xx answer to create and to complete; the resume also closes payout 1.
    sandbox.platform.faults.add({ route: 'POST /v2/payments', kind: 'malformedJson', times: 1 })
    await runCli(cliArgs('refund', createSale, '--amount', '1', '--reason', 'damaged', '--yes'), cliEnv())
    sandbox.platform.faults.add({ route: 'POST /v2/payments/*/complete', kind: 'malformedJson', times: 1 })
    await runCli(cliArgs('refund', completeSale, '--amount', '1', '--reason', 'damaged', '--yes'), cliEnv())
    sandbox.platform.faults.clear()
    const resumed = await runCli(cliArgs('payouts', 'resume', '--json'), cliEnv())
    expect(resumed.code, resumed.stderr).toBe(0)
    expect((await rowOf(signedSale)).state).toBe('failed')
    expect((await rowOf(createSale)).state).toBe('completed')
    expect((await rowOf(completeSale)).state).toBe('completed')

    // 3. A truncated answer to cancel: `payouts cancel` reads Pi back and records it cancelled.
    const walletless = openPayoutWorld(sandbox, { databasePath })
    const buyer = walletless.buyer({ funding: 0n })
    walletless.close()
    await runCli(cliArgs('payout', buyer.uid, '--amount', '1', '--memo', 'Prize', '--yes'), cliEnv())
    const store = openDatabase(databasePath)
    const blocked = (await ledgerSql(store).get<{ id: bigint; pi_payment_id: string }>("SELECT id, pi_payment_id FROM payouts WHERE user_uid = ? AND state = 'blocked'", buyer.uid))!
    store.close()
    sandbox.platform.faults.add({ route: 'POST /v2/payments/*/cancel', kind: 'malformedJson', times: 1 })
    const cancelled = await runCli(cliArgs('payouts', 'cancel', String(blocked.id), '--json'), cliEnv())
    sandbox.platform.faults.clear()
    expect(cancelled.code, cancelled.stderr).toBe(0)

    const verdict = await judge(ids)
    expect(verdict.doublePayments).toEqual([])
    expect(verdict.unfinished).toEqual([])
    const world = openPayoutWorld(sandbox)
    try {
      expect((await world.pi.getPayment(signed.pi_payment_id!)).status.cancelled).toBe(true)
      expect(world.paymentsOnChain(signed.pi_payment_id!)).toHaveLength(0)
      expect((await world.pi.getPayment(blocked.pi_payment_id)).status.cancelled).toBe(true)
      const a2u = [...sandbox.platform.state.payments()].filter((p) => p.app === sandbox.app && p.direction === 'app_to_user' && p.metadata.refund_of === createSale)
      expect(a2u).toHaveLength(1)
    } finally {
      world.close()
    }
  }, 300_000)
})
