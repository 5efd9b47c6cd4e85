// Two desks on one ledger: each desk is a separate `merchant-desk` process (the real CLI, as a
// person runs it), both pointed at the same ledger and at one sandbox network started in the test
// process on loopback. The sandbox is the judge: its chain and its Pi Platform say what was paid,
// not the journal's own opinion.
//
// The ledger's location is a parameter: deskLedgers() is the one place that says which engines
// the desk tests run on. Nothing below assumes the location is a file, except the SQLite entry.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDatabase, type MerchantDb } from '../../src/main/db'
import { createPiPlatformClient } from '../../src/main/pi'
import type { PayoutFailpoint } from '../../src/main/payouts'
import type { RunningSandbox } from '../../src/sandbox'
import { Buyer } from '../../src/sandbox/buyer'
import { startTestSandbox, tempDatabasePath, testEngine } from '../support'

const CLI = fileURLToPath(new URL('../../bin/merchant-desk.js', import.meta.url))
export const PI = 10_000_000n

export interface DeskLedger {
  readonly engine: 'sqlite' | 'postgres'
  /** A fresh, empty ledger for one test: what both desks get as `--db`. */
  location(): string
  /** Removes what location() made. */
  cleanUp(): void
}

/**
 * The engines the desk tests run on: one SQLite file in the node project; a fresh schema of the
 * throwaway PostgreSQL cluster in the postgres project.
 */
export function deskLedgers(): DeskLedger[] {
  const dirs: string[] = []
  return [
    {
      engine: testEngine(),
      location() {
        const dir = mkdtempSync(join(tmpdir(), 'md-desks-'))
        dirs.push(dir)
        // A file on SQLite; in the postgres project a schema of its own on the test cluster.
        return tempDatabasePath(dir, 'team-ledger.sqlite')
      },
      cleanUp() {
        for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
      }
    }
  ]
}

/** The sandbox network both desks pay on: ledgers close on every transaction, never on a timer. */
export function startDeskSandbox(): Promise<RunningSandbox> {
  return startTestSandbox({ seed: 71 })
}

export interface DeskRun {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface DeskOptions {
  /** Kills the desk (SIGKILL, no cleanup) when its journal reaches this point: the CLI's MERCHANT_DESK_CRASH_AT. */
  readonly crashAt?: PayoutFailpoint
}

/**
 * The desks' own data folder (settings, logs, and the desk file a team ledger's desk keeps beside
 * it): a throwaway one, never the machine's real "Merchant Desk" folder, which another build (or
 * the person's own app) may have made with migrations this build does not know.
 */
const DESK_DATA_DIR = mkdtempSync(join(tmpdir(), 'md-desk-data-'))
process.once('exit', () => rmSync(DESK_DATA_DIR, { recursive: true, force: true }))

/** One desk's command, run to its end in its own process. */
export function runDesk(sandbox: RunningSandbox, ledger: string, args: readonly string[], options: DeskOptions = {}): Promise<DeskRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, PI_API_KEY: sandbox.apiKey, PI_WALLET_SEED: sandbox.appWallet.seed, MERCHANT_DESK_DATA_DIR: DESK_DATA_DIR }
  delete env.MERCHANT_DESK_CRASH_AT
  delete env.MERCHANT_DESK_DB
  if (options.crashAt !== undefined) env.MERCHANT_DESK_CRASH_AT = options.crashAt
  const argv = [CLI, ...args, '--db', ledger, '--network', 'sandbox', '--platform-url', sandbox.platformUrl, '--horizon-url', sandbox.horizonUrl]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/**
 * Runs two desks' commands at the same moment. Pi answers "create payment" slowly meanwhile, so
 * whichever desk pays first is still paying when the other one gets to the wallet, however far
 * apart the two processes happened to start.
 */
export async function atTheSameMoment<T>(sandbox: RunningSandbox, desks: readonly [() => Promise<T>, () => Promise<T>]): Promise<[T, T]> {
  sandbox.platform.faults.add({ route: 'POST /v2/payments', kind: 'latency', ms: SLOW_PI_MS })
  try {
    return await Promise.all([desks[0](), desks[1]()])
  } finally {
    sandbox.platform.faults.clear()
  }
}

/** Longer than the two processes' start can differ by, well short of a desk's patience (WALLET_WAIT_STALL_MS). */
const SLOW_PI_MS = 2_500

/** A desk's refund, confirmed in advance (--yes) as a script would. */
export function refundAtDesk(sandbox: RunningSandbox, ledger: string, sale: string, amountPi: string, options: DeskOptions = {}): Promise<DeskRun> {
  return runDesk(sandbox, ledger, ['refund', sale, '--amount', amountPi, '--reason', 'damaged', '--yes', '--json'], options)
}

let buyers = 0

/**
 * A sale a buyer paid on the sandbox chain and the shop completed at Pi, then brought into the
 * ledger the way a desk does it: `merchant-desk sync`. Answers the sales' Pi payment ids.
 */
export async function paidSales(sandbox: RunningSandbox, ledger: string, amountsPi: readonly number[]): Promise<string[]> {
  const pi = createPiPlatformClient({ baseUrl: sandbox.platformUrl, apiKey: sandbox.apiKey, timeoutMs: 5_000, retry: { baseDelayMs: 0, maxDelayMs: 0 }, sleep: async () => undefined })
  const ids: string[] = []
  for (const amount of amountsPi) {
    buyers += 1
    const buyer = Buyer.create({ platform: sandbox.platform.state, app: sandbox.app, username: `desk-buyer${buyers}` })
    const id = buyer.startPayment({ amount, memo: 'Tea set', metadata: { orderId: `DESK-${buyers}` } }).identifier
    await pi.approvePayment(id)
    const submission = buyer.submitPayment(id)
    if (submission.txid === null) throw new Error('the buyer submitted nothing')
    await pi.completePayment(id, submission.txid)
    ids.push(id)
  }
  const synced = await runDesk(sandbox, ledger, ['sync'])
  if (synced.code !== 0) throw new Error(`the desk could not sync: ${synced.stderr}`)
  return ids
}

/** Reads the ledger through the product's own data layer (either engine), then closes it. */
export async function readLedger<T>(ledger: string, read: (store: MerchantDb) => Promise<T>): Promise<T> {
  const store = openDatabase(ledger)
  try {
    return await read(store)
  } finally {
    await Promise.resolve(store.close())
  }
}

export interface PayoutRow {
  readonly id: number
  readonly refundOf: string | null
  readonly state: string
  readonly amount: bigint
  readonly piPaymentId: string | null
  readonly txHash: string | null
  readonly txid: string | null
  readonly createdAt: number
  readonly finishedAt: number | null
}

export function payoutRows(ledger: string): Promise<PayoutRow[]> {
  return readLedger(ledger, async (store) => {
    const rows = await store.db
      .selectFrom('payouts')
      .select(['id', 'refund_of', 'state', 'amount_stroops', 'pi_payment_id', 'tx_hash', 'txid', 'created_at', 'finished_at'])
      .orderBy('id')
      .execute()
    return rows.map((row) => ({
      id: Number(row.id),
      refundOf: row.refund_of,
      state: row.state,
      amount: row.amount_stroops,
      piPaymentId: row.pi_payment_id,
      txHash: row.tx_hash,
      txid: row.txid,
      createdAt: Number(row.created_at),
      finishedAt: row.finished_at === null ? null : Number(row.finished_at)
    }))
  })
}

/** What the audit log says each payout went through, in order: [payout id, action, time]. */
export function payoutSteps(ledger: string): Promise<{ readonly payout: number; readonly action: string; readonly at: number }[]> {
  return readLedger(ledger, async (store) => {
    const rows = await store.db.selectFrom('audit_log').select(['action', 'after_json', 'at']).orderBy('seq').execute()
    return rows.flatMap((row) => {
      if (!/^(refund|payout)\./.test(row.action) || row.after_json === null) return []
      const after = JSON.parse(row.after_json) as { payout?: number }
      return after.payout === undefined ? [] : [{ payout: after.payout, action: row.action, at: Number(row.at) }]
    })
  })
}

export interface ChainPayment {
  readonly hash: string
  readonly memo: string
  readonly to: string
  readonly amount: bigint
}

/** Every successful payment the app wallet sent, as the sandbox chain holds them. */
export function appWalletPayments(sandbox: RunningSandbox): ChainPayment[] {
  const wallet = sandbox.appWallet.publicKey
  return sandbox.chain.accountTransactions(wallet, { order: 'asc', limit: 1_000_000 }).flatMap((transaction) =>
    transaction.successful && transaction.sourceAccount === wallet
      ? transaction.operations.flatMap((operation) =>
          operation.kind === 'payment' && operation.from === wallet
            ? [{ hash: transaction.hash, memo: transaction.memo.type === 'text' ? transaction.memo.value : '', to: operation.to, amount: operation.amount }]
            : []
        )
      : []
  )
}

/** The refunds of a sale Pi's platform holds (app-to-user payments the journal created for it). */
export function refundsAtPi(sandbox: RunningSandbox, sale: string): { readonly identifier: string; readonly amount: bigint; readonly completed: boolean }[] {
  return [...sandbox.platform.state.payments()]
    .filter((payment) => payment.app === sandbox.app && payment.direction === 'app_to_user' && payment.metadata.refund_of === sale)
    .map((payment) => ({ identifier: payment.identifier, amount: payment.amount, completed: payment.status.developerCompleted }))
}
