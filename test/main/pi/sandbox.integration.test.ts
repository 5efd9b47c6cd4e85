// The Pi Platform client against the sandbox network: every endpoint end to end, the error codes
// the simulator reproduces, and retries counted from the simulator's own request log.
import { inspect } from 'node:util'
import { Account, Asset, Keypair, Memo, Operation, TransactionBuilder } from '@stellar/stellar-sdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createHorizonClient, type HorizonClient } from '../../../src/main/horizon'
import { createPiPlatformClient, PiApiError, type PiPlatformClient } from '../../../src/main/pi'
import { formatPi } from '../../../src/shared/money'
import type { Payment } from '../../../src/shared/payments'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { Buyer } from '../../../src/sandbox/buyer'
import { recordingSleep } from './test-server'

let sandbox: RunningSandbox
let pi: PiPlatformClient
let horizon: HorizonClient
let waits: ReturnType<typeof recordingSleep>

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 7 })
  horizon = createHorizonClient({ url: sandbox.horizonUrl, expectedPassphrase: sandbox.networkPassphrase })
})
afterAll(() => sandbox.close())
beforeEach(() => {
  sandbox.platform.faults.clear()
  sandbox.platform.requests.clear()
  waits = recordingSleep()
  pi = createPiPlatformClient({
    baseUrl: sandbox.platformUrl,
    apiKey: sandbox.apiKey,
    timeoutMs: 500,
    sleep: waits.sleep,
    random: () => 0.5,
    retry: { baseDelayMs: 100 }
  })
})

function buyer(name: string) {
  const found = sandbox.buyers.find((b) => b.username === name)
  if (found === undefined) throw new Error(`no buyer ${name}`)
  return found
}

let buyers = 0
/** A new buyer, so each test's open payments are its own (Pi allows one open payment per buyer). */
function freshBuyer(): Buyer {
  buyers += 1
  return Buyer.create({ platform: sandbox.platform.state, app: sandbox.app, username: `buyer${buyers}` })
}

async function errorOf(promise: Promise<unknown>): Promise<PiApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(PiApiError)
  return error as PiApiError
}

/** What the payout journal will do: sign the A2U transaction with the app wallet and submit it. */
async function payOnChain(payment: Payment): Promise<string> {
  const wallet = Keypair.fromSecret(sandbox.appWallet.seed)
  const account = await horizon.account(wallet.publicKey())
  const ledger = await horizon.latestLedger()
  const fees = await horizon.feeStats()
  if (account === null) throw new Error('app wallet missing')
  const fee = fees.lastLedgerBaseFee > 100_000n ? fees.lastLedgerBaseFee : 100_000n
  const tx = new TransactionBuilder(new Account(account.id, account.sequence.toString()), {
    fee: fee.toString(),
    networkPassphrase: payment.network,
    timebounds: { minTime: 0, maxTime: Math.floor(ledger.closedAt.getTime() / 1000) + 180 }
  })
    .addOperation(Operation.payment({ destination: payment.toAddress, asset: Asset.native(), amount: formatPi(payment.amount) }))
    .addMemo(Memo.text(payment.identifier))
    .build()
  tx.sign(wallet)
  const outcome = await horizon.submitTransaction(tx.toEnvelope().toXDR('base64'))
  if (outcome.status !== 'success') throw new Error(`submit: ${JSON.stringify(outcome)}`)
  return outcome.hash
}

describe('app-to-user payment, end to end', () => {
  it('creates, lists as incomplete, pays on chain, completes, and reads back', async () => {
    const alice = buyer('alice')
    const created = await pi.createPayment({ amount: 12_345_678n, memo: 'Refund #1', metadata: { refundOf: 'order-1' }, uid: alice.uid })
    expect(created).toMatchObject({
      amount: 12_345_678n,
      direction: 'app_to_user',
      fromAddress: sandbox.appWallet.publicKey,
      toAddress: alice.publicKey,
      network: 'Pi Testnet',
      transaction: null
    })
    expect(created.status.developerApproved).toBe(true)
    expect((await pi.incompleteServerPayments()).map((p) => p.identifier)).toContain(created.identifier)

    const txid = await payOnChain(created)
    const completed = await pi.completePayment(created.identifier, txid)
    expect(completed.status.developerCompleted).toBe(true)
    expect(completed.transaction?.txid).toBe(txid)
    expect((await pi.getPayment(created.identifier)).status.developerCompleted).toBe(true)
    expect((await pi.incompleteServerPayments()).map((p) => p.identifier)).not.toContain(created.identifier)
  })

  it('a second payout to the same buyer while one is open is ongoing_payment_found, carrying the open one', async () => {
    const bob = buyer('bob')
    const first = await pi.createPayment({ amount: 5_000_000n, memo: 'a', metadata: { n: 1 }, uid: bob.uid })
    const error = await errorOf(pi.createPayment({ amount: 7_000_000n, memo: 'b', metadata: { n: 2 }, uid: bob.uid }))
    expect(error.code).toBe('ongoing_payment_found')
    expect(error.payment?.identifier).toBe(first.identifier)
    expect(error.payment?.amount).toBe(5_000_000n)
    const cancelled = await pi.cancelPayment(first.identifier)
    expect(cancelled.status.cancelled).toBe(true)
  })

  it('a buyer who never granted wallet_address is missing_scope, not a key problem', async () => {
    const error = await errorOf(pi.createPayment({ amount: 1n, memo: '', metadata: { a: 1 }, uid: buyer('carol').uid }))
    expect(error.code).toBe('missing_scope')
    expect(error.httpStatus).toBe(401)
  })
})

describe('user-to-app payment, end to end', () => {
  it('approves, sees the transaction on chain, completes', async () => {
    const alice = freshBuyer()
    const started = alice.startPayment({ amount: 0.5, memo: 'Order 2', metadata: { orderId: 2 } })
    const approved = await pi.approvePayment(started.identifier)
    expect(approved).toMatchObject({ direction: 'user_to_app', amount: 5_000_000n, toAddress: sandbox.appWallet.publicKey })
    const submission = alice.submitPayment(started.identifier)
    const txid = submission.txid ?? ''
    const onChain = await horizon.transaction(txid)
    expect(onChain).toMatchObject({ successful: true, memoType: 'text', memo: started.identifier })
    const completed = await pi.completePayment(started.identifier, txid)
    expect(completed.status.developerCompleted).toBe(true)
  })

  it('completing with a transaction that pays for something else is verification_failed', async () => {
    const alice = freshBuyer()
    const started = alice.startPayment({ amount: 0.25, memo: 'Order 3', metadata: { orderId: 3 } })
    await pi.approvePayment(started.identifier)
    const lie = alice.submitPayment(started.identifier, { lie: 'wrong_memo', reportToPi: false })
    const error = await errorOf(pi.completePayment(started.identifier, lie.txid ?? ''))
    expect(error.code).toBe('verification_failed')
    expect(error.verificationError).toBe('tx_memo_payment_identifier_mismatch')
  })
})

describe('me and keys', () => {
  it("reads the buyer behind an access token, and refuses a made-up one", async () => {
    const alice = buyer('alice')
    const user = await pi.me(alice.accessToken)
    expect(user.uid).toBe(alice.uid)
    expect(user.scopes).toContain('wallet_address')
    expect((await errorOf(pi.me('made-up-token'))).code).toBe('pi_token_rejected')
  })

  it('a wrong key is pi_key_rejected, and the other network key does not see this network', async () => {
    const wrong = createPiPlatformClient({ baseUrl: sandbox.platformUrl, apiKey: 'not-a-key', sleep: waits.sleep })
    expect((await errorOf(wrong.incompleteServerPayments())).code).toBe('pi_key_rejected')
    const started = freshBuyer().startPayment({ amount: 1, memo: 'x', metadata: { a: 1 } })
    const otherNetwork = createPiPlatformClient({ baseUrl: sandbox.platformUrl, apiKey: sandbox.otherNetwork.app.apiKey })
    expect((await errorOf(otherNetwork.getPayment(started.identifier))).code).toBe('payment_not_found')
  })
})

describe('faults injected by the sandbox', () => {
  it('retries HTML 5xx pages on reads: three requests, one payment', async () => {
    const started = freshBuyer().startPayment({ amount: 1, memo: 'x', metadata: { a: 1 } })
    sandbox.platform.faults.add({ route: 'GET /v2/payments/:payment_id', kind: 'html500', status: 502, times: 2 })
    const payment = await pi.getPayment(started.identifier)
    expect(payment.identifier).toBe(started.identifier)
    expect(sandbox.platform.requests.count('GET /v2/payments/:payment_id')).toBe(3)
    expect(waits.delays).toEqual([50, 100])
  })

  it("honours the simulator's Retry-After on 429", async () => {
    sandbox.platform.faults.add({ route: 'GET /v2/payments/incomplete_server_payments', kind: 'status429', retryAfter: 4, times: 1 })
    await pi.incompleteServerPayments()
    expect(waits.delays).toEqual([4_000])
    expect(sandbox.platform.requests.count('GET /v2/payments/incomplete_server_payments')).toBe(2)
  })

  it('never retries a write: a timed-out complete is sent once and reported outcome unknown', async () => {
    const created = await pi.createPayment({ amount: 3_000_000n, memo: 'r', metadata: { r: 1 }, uid: buyer('alice').uid })
    const txid = await payOnChain(created)
    sandbox.platform.faults.add({ route: 'POST /v2/payments/:payment_id/complete', kind: 'timeout', times: 1 })
    const error = await errorOf(pi.completePayment(created.identifier, txid))
    expect(error.code).toBe('pi_outcome_unknown')
    expect(error.outcomeUnknown).toBe(true)
    expect(sandbox.platform.requests.count('POST /v2/payments/:payment_id/complete')).toBe(1)
    // The caller reconciles by reading, then completes.
    expect((await pi.getPayment(created.identifier)).status.developerCompleted).toBe(false)
    expect((await pi.completePayment(created.identifier, txid)).status.developerCompleted).toBe(true)
  })

  it('a write applied behind a 504 is outcome unknown, and reading shows it took effect', async () => {
    const started = freshBuyer().startPayment({ amount: 2, memo: 'y', metadata: { b: 1 } })
    sandbox.platform.faults.add({ route: 'POST /v2/payments/:payment_id/approve', kind: 'applyThen504', times: 1 })
    const error = await errorOf(pi.approvePayment(started.identifier))
    expect(error.code).toBe('pi_unavailable')
    expect(error.outcomeUnknown).toBe(true)
    expect(sandbox.platform.requests.count('POST /v2/payments/:payment_id/approve')).toBe(1)
    expect((await pi.getPayment(started.identifier)).status.developerApproved).toBe(true)
  })

  it('a cut-short JSON answer is pi_malformed_answer, and a reset connection on a read is retried', async () => {
    sandbox.platform.faults.add({ route: 'GET /v2/payments/incomplete_server_payments', kind: 'malformedJson', times: 4 })
    expect((await errorOf(pi.incompleteServerPayments())).code).toBe('pi_malformed_answer')
    sandbox.platform.faults.clear()
    sandbox.platform.faults.add({ route: 'GET /v2/payments/incomplete_server_payments', kind: 'reset', times: 1 })
    await expect(pi.incompleteServerPayments()).resolves.toBeInstanceOf(Array)
    expect(sandbox.platform.requests.count('GET /v2/payments/incomplete_server_payments')).toBe(3)
  })

  it('no fault lets the API key out', async () => {
    const kinds = ['timeout', 'html500', 'status429', 'malformedJson', 'reset'] as const
    for (const kind of kinds) {
      sandbox.platform.faults.clear()
      sandbox.platform.faults.add({ route: 'GET /v2/payments/incomplete_server_payments', kind })
      const error = await errorOf(pi.incompleteServerPayments())
      const rendered = `${inspect(error, { depth: Infinity, showHidden: true })}${JSON.stringify(error)}${error.stack ?? ''}`
      expect(rendered).not.toContain(sandbox.apiKey)
    }
  })
})
