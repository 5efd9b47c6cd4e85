// The Horizon client against the sandbox's Horizon: the network check, typed reads that agree with
// the simulated ledger, paging from a cursor, submissions (success, refusal, 504-after-apply), the
// memo search, faults retried for reads only, and the live stream reconnecting.
import { Account, Asset, Keypair, Memo, Operation, TransactionBuilder } from '@stellar/stellar-sdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createHorizonClient,
  HorizonError,
  type AccountPaymentRecord,
  type HorizonClient
} from '../../../src/main/horizon'
import { createPiPlatformClient } from '../../../src/main/pi'
import { formatPi } from '../../../src/shared/money'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { Buyer } from '../../../src/sandbox/buyer'
import { recordingSleep } from '../pi/test-server'

let sandbox: RunningSandbox
let horizon: HorizonClient
let waits: ReturnType<typeof recordingSleep>
let buyers = 0

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 11 })
})
afterAll(() => sandbox.close())
beforeEach(() => {
  sandbox.horizon.faults.clear()
  sandbox.horizon.requests.clear()
  waits = recordingSleep()
  horizon = createHorizonClient({
    url: sandbox.horizonUrl,
    expectedPassphrase: sandbox.networkPassphrase,
    timeoutMs: 500,
    submitTimeoutMs: 500,
    sleep: waits.sleep,
    random: () => 0.5,
    retry: { baseDelayMs: 100 }
  })
})

function freshBuyer(): Buyer {
  buyers += 1
  return Buyer.create({ platform: sandbox.platform.state, app: sandbox.app, username: `h-buyer${buyers}` })
}

/** A buyer pays the app honestly; returns the payment identifier and the transaction hash. */
async function buyerPays(amountPi: number): Promise<{ identifier: string; txid: string }> {
  const buyer = freshBuyer()
  const started = buyer.startPayment({ amount: amountPi, memo: 'order', metadata: { a: 1 } })
  await createPiPlatformClient({ baseUrl: sandbox.platformUrl, apiKey: sandbox.apiKey }).approvePayment(started.identifier)
  const submission = buyer.submitPayment(started.identifier)
  if (submission.txid === null) throw new Error('no txid')
  return { identifier: started.identifier, txid: submission.txid }
}

async function appWalletEnvelope(options: { amount: bigint; memo: string; destination: string }): Promise<string> {
  const wallet = Keypair.fromSecret(sandbox.appWallet.seed)
  const account = await horizon.account(wallet.publicKey())
  const ledger = await horizon.latestLedger()
  if (account === null) throw new Error('app wallet missing')
  const tx = new TransactionBuilder(new Account(account.id, account.sequence.toString()), {
    fee: '100000',
    networkPassphrase: sandbox.networkPassphrase,
    timebounds: { minTime: 0, maxTime: Math.floor(ledger.closedAt.getTime() / 1000) + 180 }
  })
    .addOperation(Operation.payment({ destination: options.destination, asset: Asset.native(), amount: formatPi(options.amount) }))
    .addMemo(Memo.text(options.memo))
    .build()
  tx.sign(wallet)
  return tx.toEnvelope().toXDR('base64')
}

async function allPayments(limit: number): Promise<AccountPaymentRecord[]> {
  const records: AccountPaymentRecord[] = []
  let cursor: string | null = null
  for (;;) {
    const page = await horizon.paymentsPage({ account: sandbox.appWallet.publicKey, cursor, limit })
    records.push(...page.records)
    cursor = page.cursor
    if (page.lastPage) return records
  }
}

describe('network and state', () => {
  it('checks the network passphrase', async () => {
    await expect(horizon.checkNetwork()).resolves.toMatchObject({ passphrase: 'Pi Testnet' })
    const mainnet = createHorizonClient({ url: sandbox.horizonUrl, expectedPassphrase: 'Pi Network' })
    const error = await mainnet.checkNetwork().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HorizonError)
    expect((error as HorizonError).message).toMatch(/^This Horizon serves 'Pi Testnet' but the app is set to 'Pi Network'/)
  })

  it("reads the app wallet as the ledger holds it, and null for an account that does not exist", async () => {
    const account = await horizon.account(sandbox.appWallet.publicKey)
    const truth = sandbox.chain.account(sandbox.appWallet.publicKey)
    expect(account?.balance).toBe(truth?.balance)
    expect(account?.sequence).toBe(truth?.sequence)
    await expect(horizon.account(Keypair.random().publicKey())).resolves.toBeNull()
  })

  it('reads the latest ledger and fee stats: Pi base fee, reserve, ledger clock', async () => {
    const ledger = await horizon.latestLedger()
    const truth = sandbox.chain.latestLedger()
    expect(ledger.sequence).toBe(truth.sequence)
    expect(ledger.baseFee).toBe(BigInt(truth.baseFeeInStroops))
    expect(ledger.baseReserve).toBe(BigInt(truth.baseReserveInStroops))
    expect(ledger.closedAt.getTime()).toBe(Math.floor(truth.closedAt.getTime() / 1000) * 1000)
    const fees = await horizon.feeStats()
    expect(fees.lastLedgerBaseFee).toBeGreaterThanOrEqual(100_000n)
  })
})

describe('history', () => {
  it("finds a buyer's payment with its memo, and pages from a cursor to the same records as one page", async () => {
    const paid = await buyerPays(1.25)
    const all = await allPayments(200)
    const record = all.find((r) => r.transactionHash === paid.txid)
    expect(record).toMatchObject({ kind: 'payment', to: sandbox.appWallet.publicKey, amount: 12_500_000n })
    expect(record?.transaction).toMatchObject({ memoType: 'text', memo: paid.identifier, successful: true })
    expect(all.some((r) => r.kind === 'create_account' && r.account === sandbox.appWallet.publicKey)).toBe(true)

    sandbox.horizon.requests.clear()
    const oneByOne = await allPayments(1)
    expect(oneByOne.map((r) => r.pagingToken)).toEqual(all.map((r) => r.pagingToken))
    // Each page resumed from the previous page's last paging token; the first from the start.
    const cursorsSent = sandbox.horizon.requests
      .entries('GET /accounts/:account_id/payments')
      .map((entry) => new URLSearchParams(entry.query).get('cursor'))
    expect(cursorsSent).toEqual([null, ...all.map((r) => r.pagingToken)])
  })

  it('reads a transaction and its operations; null for an unknown hash', async () => {
    const paid = await buyerPays(0.3)
    await expect(horizon.transaction(paid.txid)).resolves.toMatchObject({ hash: paid.txid, memo: paid.identifier })
    const operations = await horizon.transactionOperations(paid.txid)
    expect(operations).toEqual([expect.objectContaining({ kind: 'payment', amount: 3_000_000n, to: sandbox.appWallet.publicKey })])
    await expect(horizon.transaction('0'.repeat(64))).resolves.toBeNull()
    await expect(horizon.transactionOperations('0'.repeat(64))).resolves.toBeNull()
  })

  it('finds a payout on chain by its memo before anything is signed again', async () => {
    const memo = 'PayoutMemo0000000000000000AB'
    const buyer = freshBuyer()
    await expect(horizon.findTransactionByMemo(sandbox.appWallet.publicKey, memo)).resolves.toBeNull()
    const outcome = await horizon.submitTransaction(await appWalletEnvelope({ amount: 1n, memo, destination: buyer.publicKey }))
    expect(outcome.status).toBe('success')
    const found = await horizon.findTransactionByMemo(sandbox.appWallet.publicKey, memo)
    expect(found?.hash).toBe(outcome.hash)
  })
})

describe('submitTransaction', () => {
  it('reports a refusal with its result codes', async () => {
    const balance = sandbox.chain.account(sandbox.appWallet.publicKey)?.balance ?? 0n
    const outcome = await horizon.submitTransaction(
      await appWalletEnvelope({ amount: balance * 2n, memo: 'TooMuch', destination: freshBuyer().publicKey })
    )
    expect(outcome.status).toBe('failed')
    expect(outcome.status === 'failed' && outcome.resultCodes.operations).toContain('op_underfunded')
  })

  it('a 504 after the transaction applied is "unknown", and the transaction is found on chain', async () => {
    sandbox.horizon.faults.add({ route: 'POST /transactions', kind: 'applyThen504', times: 1 })
    const outcome = await horizon.submitTransaction(
      await appWalletEnvelope({ amount: 2n, memo: 'Lands504', destination: freshBuyer().publicKey })
    )
    expect(outcome).toMatchObject({ status: 'unknown', reason: 'server_error', httpStatus: 504 })
    expect(sandbox.horizon.requests.count('POST /transactions')).toBe(1)
    await expect(horizon.transaction(outcome.hash)).resolves.toMatchObject({ successful: true })
  })

  it('a timeout is "unknown" and is not retried', async () => {
    sandbox.horizon.faults.add({ route: 'POST /transactions', kind: 'timeout', times: 1 })
    const outcome = await horizon.submitTransaction(
      await appWalletEnvelope({ amount: 3n, memo: 'Timeout', destination: freshBuyer().publicKey })
    )
    expect(outcome).toMatchObject({ status: 'unknown', reason: 'timeout' })
    expect(sandbox.horizon.requests.count('POST /transactions')).toBe(1)
  })
})

describe('faults on reads', () => {
  it('retries HTML 5xx and 429 (Retry-After) on GET, counting the requests the simulator got', async () => {
    sandbox.horizon.faults.add({ route: 'GET /accounts/:account_id', kind: 'html500', status: 503, times: 1 })
    sandbox.horizon.faults.add({ route: 'GET /accounts/:account_id', kind: 'status429', retryAfter: 2, times: 1 })
    await expect(horizon.account(sandbox.appWallet.publicKey)).resolves.not.toBeNull()
    expect(sandbox.horizon.requests.count('GET /accounts/:account_id')).toBe(3)
    expect(waits.delays).toEqual([50, 2_000])
  })

  it('gives up with a sentence when the fault persists', async () => {
    sandbox.horizon.faults.add({ route: 'GET /fee_stats', kind: 'html500' })
    const error = await horizon.feeStats().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'horizon_unavailable' })
    expect(sandbox.horizon.requests.count('GET /fee_stats')).toBe(4)
  })

  it('a cut-short answer is horizon_malformed_answer', async () => {
    sandbox.horizon.faults.add({ route: 'GET /ledgers', kind: 'malformedJson' })
    await expect(horizon.latestLedger()).rejects.toMatchObject({ code: 'horizon_malformed_answer' })
  })
})

describe('streamPayments', () => {
  it('delivers live payments and reconnects after the connection is reset', async () => {
    const seen: AccountPaymentRecord[] = []
    const errors: HorizonError[] = []
    sandbox.horizon.faults.add({ route: 'GET /accounts/:account_id/payments', kind: 'reset', times: 1 })
    const stop = horizon.streamPayments({
      account: sandbox.appWallet.publicKey,
      onPayment: (record) => seen.push(record),
      onError: (error) => errors.push(error)
    })
    try {
      await vi.waitFor(() => expect(sandbox.horizon.requests.count('GET /accounts/:account_id/payments')).toBe(2))
      // Give the second connection time to open before the payment lands.
      await vi.waitFor(() => expect(sandbox.chain.subscriberCount().transactions).toBeGreaterThan(0))
      const paid = await buyerPays(0.7)
      await vi.waitFor(() => expect(seen.map((r) => r.transactionHash)).toContain(paid.txid), { timeout: 5_000 })
      const record = seen.find((r) => r.transactionHash === paid.txid)
      expect(record).toMatchObject({ kind: 'payment', amount: 7_000_000n })
      expect(record?.transaction?.memo).toBe(paid.identifier)
      expect(errors.map((e) => e.code)).toEqual(['horizon_unreachable'])
    } finally {
      stop()
    }
  })
})
