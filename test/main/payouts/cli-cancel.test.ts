// The command line as a person types it (real subprocesses of bin/merchant-desk.js), for issue
// #12 items 3 and 7: the reported sequence (a refund's envelope signed, then `cancel` of its Pi
// payment, then `payouts resume`) lands nothing for a cancelled payment; `payouts cancel <id>`
// goes through the journal; a wrong PI_WALLET_SEED creates nothing at Pi and writes no journal row.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Keypair } from '@stellar/stellar-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db'
import type { RunningSandbox } from '../../../src/sandbox'
import { ledgerSql, tempDatabasePath } from '../../support'
import { openPayoutWorld, startPayoutSandbox } from './fixture'

const CLI = fileURLToPath(new URL('../../../bin/merchant-desk.js', import.meta.url))

let sandbox: RunningSandbox
let dir: string
let databasePath: string

beforeAll(async () => {
  sandbox = await startPayoutSandbox()
  dir = await mkdtemp(join(tmpdir(), 'md-cli-cancel-'))
  databasePath = tempDatabasePath(dir, 'ledger.sqlite')
})
afterAll(async () => {
  await sandbox.close()
  await rm(dir, { recursive: true, force: true })
})

interface Run {
  readonly code: number | null
  readonly signal: string | null
  readonly stdout: string
  readonly stderr: string
}

function cli(args: string[], env: { readonly seed?: string; readonly crashAt?: string } = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PI_API_KEY: sandbox.apiKey, PI_WALLET_SEED: env.seed ?? sandbox.appWallet.seed }
  if (env.crashAt) childEnv.MERCHANT_DESK_CRASH_AT = env.crashAt
  else delete childEnv.MERCHANT_DESK_CRASH_AT
  const argv = [CLI, ...args, '--db', databasePath, '--network', 'sandbox', '--platform-url', sandbox.platformUrl, '--horizon-url', sandbox.horizonUrl]
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

async function saleInLedger(buyerFunding?: bigint): Promise<{ sale: string; buyerUid: string }> {
  const world = openPayoutWorld(sandbox, { databasePath })
  try {
    const buyer = world.buyer(buyerFunding === undefined ? {} : { funding: buyerFunding })
    return { sale: await world.completedSale(10, buyer), buyerUid: buyer.uid }
  } finally {
    world.close()
  }
}

interface JournalRow {
  id: bigint
  state: string
  pi_payment_id: string | null
  refund_of: string | null
  envelope_max_time: bigint | null
}

async function journalRows(): Promise<JournalRow[]> {
  const store = openDatabase(databasePath)
  try {
    return await ledgerSql(store).all<JournalRow>('SELECT id, state, pi_payment_id, refund_of, envelope_max_time FROM payouts ORDER BY id')
  } finally {
    store.close()
  }
}

function onChain(piPaymentId: string): number {
  const world = openPayoutWorld(sandbox)
  try {
    return world.paymentsOnChain(piPaymentId).length
  } finally {
    world.close()
  }
}

async function piRecord(piPaymentId: string) {
  const world = openPayoutWorld(sandbox)
  try {
    return await world.pi.getPayment(piPaymentId)
  } finally {
    world.close()
  }
}

describe('the reported sequence: cancel while a signed envelope exists, then payouts resume', () => {
  it('refuses to cancel while the envelope may land, cancels through the journal once it cannot, and nothing lands', async () => {
    const { sale } = await saleInLedger()
    const crashed = await cli(['refund', sale, '--amount', '3', '--reason', 'damaged', '--yes'], { crashAt: 'envelope-signed' })
    expect(crashed.signal).toBe('SIGKILL')
    const row = (await journalRows()).find((candidate) => candidate.refund_of === sale)!
    expect(row.state).toBe('signed')
    const piPaymentId = row.pi_payment_id!

    const early = await cli(['cancel', piPaymentId])
    expect(early.code).not.toBe(0)
    expect(early.stdout + early.stderr).toMatch(/could still land until/)
    expect((await piRecord(piPaymentId)).status.cancelled).toBe(false)

    // The ledger's clock passes the envelope's maxTime.
    sandbox.chain.advanceTime(Math.max(0, Number(row.envelope_max_time) * 1000 - sandbox.chain.now().getTime()) + 60_000)
    sandbox.chain.closeLedger()
    const late = await cli(['cancel', piPaymentId, '--json'])
    expect(late.code, late.stderr).toBe(0)
    expect((await piRecord(piPaymentId)).status.cancelled).toBe(true)

    const resumed = await cli(['payouts', 'resume', '--json'])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect((await journalRows()).find((candidate) => candidate.refund_of === sale)?.state).toBe('failed')
    expect(onChain(piPaymentId)).toBe(0)
  }, 120_000)
})

describe('merchant-desk payouts cancel <id>', () => {
  it('cancels a stopped payout through the journal: failed at home, cancelled at Pi, nothing paid', async () => {
    const { buyerUid } = await saleInLedger()
    const walletless = openPayoutWorld(sandbox, { databasePath })
    const buyer = walletless.buyer({ funding: 0n })
    walletless.close()
    const stopped = await cli(['payout', buyer.uid, '--amount', '1', '--memo', 'Prize', '--yes', '--json'])
    expect(stopped.code).not.toBe(0)
    expect(buyerUid).not.toBe(buyer.uid)
    const row = (await journalRows()).at(-1)!
    expect(row.state).toBe('blocked')

    const cancelled = await cli(['payouts', 'cancel', String(row.id), '--json'])
    expect(cancelled.code, cancelled.stderr).toBe(0)
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ id: Number(row.id), state: 'failed' })
    expect((await piRecord(row.pi_payment_id!)).status.cancelled).toBe(true)
    expect(onChain(row.pi_payment_id!)).toBe(0)

    const again = await cli(['payouts', 'cancel', String(row.id)])
    expect(again.code).not.toBe(0)
    expect(again.stderr).toMatch(/already failed; there is nothing to cancel/)
  }, 120_000)
})

describe('a wrong PI_WALLET_SEED', () => {
  it('is refused before any call to Pi: no Pi payment, no journal row', async () => {
    const { sale } = await saleInLedger()
    const rowsBefore = (await journalRows()).length
    const createsBefore = sandbox.platform.requests.count('POST /v2/payments')
    const someoneElse = Keypair.random()
    const refused = await cli(['refund', sale, '--amount', '1', '--reason', 'damaged', '--yes'], { seed: someoneElse.secret() })
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain(sandbox.appWallet.publicKey)
    // The ledger remembers its wallet (issue #13), so the seed is refused before the payout service
    // is even built; either way the sentence names the ledger's wallet and says nothing moved.
    expect(refused.stderr).toContain(Keypair.fromSecret(someoneElse.secret()).publicKey())
    expect(refused.stderr).toMatch(/Nothing was (paid|changed)/)
    expect(sandbox.platform.requests.count('POST /v2/payments')).toBe(createsBefore)
    expect(await journalRows()).toHaveLength(rowsBefore)
  }, 60_000)
})
