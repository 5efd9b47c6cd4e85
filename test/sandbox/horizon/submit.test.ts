import { Keypair, Memo, Operation, Asset, TransactionBuilder, xdr } from '@stellar/stellar-sdk'
import axios from 'axios'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_FEE, PI, TESTNET, buildTransaction, envelope, nowSeconds, pay } from '../chain/envelopes'
import { problemOf, sequenceOf, startSandbox, type Sandbox } from './sandbox'

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox()
})

afterAll(() => sandbox.close())

describe('POST /transactions with stellar-sdk', () => {
  it('submits a payment built the way the app builds it, answering the transaction record', async () => {
    const { server, alice, bob, chain } = sandbox
    const account = await server.loadAccount(alice.publicKey())
    const fee = await server.fetchBaseFee()
    // The chain clock runs on: bracket the moment the timebounds were taken from it.
    const clockBefore = nowSeconds(chain.now())
    const timebounds = await server.fetchTimebounds(180)
    const clockAfter = nowSeconds(chain.now())
    const tx = new TransactionBuilder(account, { fee: String(fee), networkPassphrase: TESTNET, timebounds })
      .addOperation(Operation.payment({ destination: bob.publicKey(), asset: Asset.native(), amount: '3.1415926' }))
      .addMemo(Memo.text('7gQ2WJq1Jv4mBfDZCNbxXhJ0rA1k'))
      .build()
    tx.sign(alice)

    const result = await server.submitTransaction(tx)

    expect(fee).toBe(BASE_FEE)
    expect(timebounds.maxTime).toBeGreaterThanOrEqual(clockBefore + 180)
    expect(timebounds.maxTime).toBeLessThanOrEqual(clockAfter + 180)
    expect(result).toMatchObject({
      hash: tx.hash().toString('hex'),
      successful: true,
      ledger: chain.latestLedger().sequence,
      source_account: alice.publicKey(),
      fee_charged: String(BASE_FEE),
      max_fee: String(BASE_FEE),
      memo_type: 'text',
      memo: '7gQ2WJq1Jv4mBfDZCNbxXhJ0rA1k',
      operation_count: 1,
      envelope_xdr: tx.toEnvelope().toXDR('base64')
    })
    expect(xdr.TransactionResult.fromXDR(result.result_xdr, 'base64').result().switch().name).toBe('txSuccess')
    expect((await server.loadAccount(bob.publicKey())).balances[0]?.balance).toBe('13.1415926')
  })

  it('answers a resubmission of a landed envelope with the same record, paying once', async () => {
    const { server, alice, bob, chain } = sandbox
    const tx = buildTransaction({ source: alice, sequence: sequenceOf(chain, alice), operations: [pay(bob.publicKey(), '1')] })
    const first = await server.submitTransaction(tx)
    const balance = chain.account(bob.publicKey())?.balance
    const second = await server.submitTransaction(tx)

    expect(second.hash).toBe(first.hash)
    expect(second.ledger).toBe(first.ledger)
    expect(chain.account(bob.publicKey())?.balance).toBe(balance)
  })
})

describe('failed submissions answer 400 transaction_failed, exactly as Horizon', () => {
  const failures: [string, (s: Sandbox) => string, string[] | undefined][] = [
    ['tx_bad_seq', ({ chain, alice, bob }) => envelope({ source: alice, sequence: sequenceOf(chain, alice) + 5n, operations: [pay(bob.publicKey(), '1')] }), undefined],
    ['tx_bad_auth', ({ chain, alice, bob }) => envelope({ source: alice, sequence: sequenceOf(chain, alice), operations: [pay(bob.publicKey(), '1')], signers: [Keypair.random()] }), undefined],
    ['tx_bad_auth', ({ chain, alice, bob }) => envelope({ source: alice, sequence: sequenceOf(chain, alice), operations: [pay(bob.publicKey(), '1')], passphrase: 'Pi Network' }), undefined],
    ['tx_insufficient_fee', ({ chain, alice, bob }) => envelope({ source: alice, sequence: sequenceOf(chain, alice), operations: [pay(bob.publicKey(), '1')], feePerOperation: 100 }), undefined],
    [
      'tx_too_late',
      ({ chain, alice, bob }) => envelope({ source: alice, sequence: sequenceOf(chain, alice), operations: [pay(bob.publicKey(), '1')], timebounds: { minTime: 0, maxTime: nowSeconds(chain.now()) - 1 } }),
      undefined
    ],
    [
      'tx_too_early',
      ({ chain, alice, bob }) => envelope({ source: alice, sequence: sequenceOf(chain, alice), operations: [pay(bob.publicKey(), '1')], timebounds: { minTime: nowSeconds(chain.now()) + 30, maxTime: 0 } }),
      undefined
    ],
    ['tx_no_source_account', ({ bob }) => envelope({ source: Keypair.random(), sequence: 7n, operations: [pay(bob.publicKey(), '1')] }), undefined],
    [
      'tx_insufficient_balance',
      ({ chain, bob }) => {
        const poor = Keypair.random()
        chain.fund(poor.publicKey(), PI)
        return envelope({ source: poor, sequence: sequenceOf(chain, poor), operations: [pay(bob.publicKey(), '0.5')] })
      },
      undefined
    ],
    ['tx_failed', ({ chain, alice }) => envelope({ source: alice, sequence: sequenceOf(chain, alice), operations: [pay(Keypair.random().publicKey(), '1')] }), ['op_no_destination']],
    ['tx_failed', ({ chain, alice, bob }) => envelope({ source: bob, sequence: sequenceOf(chain, bob), operations: [pay(alice.publicKey(), '1000000')] }), ['op_underfunded']]
  ]

  it.each(failures)('%s %j', async (code, build, operations) => {
    const tx = TransactionBuilder.fromXDR(build(sandbox), TESTNET)
    const error = await sandbox.server.submitTransaction(tx, { skipMemoRequiredCheck: true }).then(
      () => undefined,
      (e: unknown) => e
    )
    const { status, data } = problemOf(error)
    expect(status).toBe(400)
    expect(data).toMatchObject({
      type: 'https://stellar.org/horizon-errors/transaction_failed',
      title: 'Transaction Failed',
      status: 400,
      extras: { envelope_xdr: tx.toEnvelope().toXDR('base64'), result_codes: operations === undefined ? { transaction: code } : { transaction: code, operations } }
    })
    expect(String(data?.detail)).toContain('extras.result_codes')
    const resultXdr = (data?.extras as { result_xdr: string }).result_xdr
    expect(xdr.TransactionResult.fromXDR(resultXdr, 'base64').result().switch().name).toBe(
      { tx_bad_seq: 'txBadSeq', tx_bad_auth: 'txBadAuth', tx_insufficient_fee: 'txInsufficientFee', tx_too_late: 'txTooLate', tx_too_early: 'txTooEarly', tx_no_source_account: 'txNoAccount', tx_insufficient_balance: 'txInsufficientBalance', tx_failed: 'txFailed' }[code]
    )
  })

  it('records an op_underfunded payment as a failed transaction Horizon can show', async () => {
    const { server, chain, alice, bob } = sandbox
    const tx = buildTransaction({ source: bob, sequence: sequenceOf(chain, bob), operations: [pay(alice.publicKey(), '5000')] })
    await expect(server.submitTransaction(tx, { skipMemoRequiredCheck: true })).rejects.toMatchObject({ response: { status: 400 } })
    const record = await server.transactions().transaction(tx.hash().toString('hex')).call()
    expect(record).toMatchObject({ successful: false, fee_charged: String(BASE_FEE), source_account: bob.publicKey() })
  })
})

describe('POST /transactions with axios, as a form', () => {
  it('accepts the tx form field and answers hal+json', async () => {
    const { horizon, chain, alice, bob } = sandbox
    const tx = envelope({ source: alice, sequence: sequenceOf(chain, alice), operations: [pay(bob.publicKey(), '2')] })
    const response = await axios.post(`${horizon.url}/transactions`, new URLSearchParams({ tx }).toString(), {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
    })
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/hal+json; charset=utf-8')
    expect(response.data).toMatchObject({ successful: true, envelope_xdr: tx })
  })

  it('answers transaction_malformed for an envelope that does not decode, and for a missing one', async () => {
    const { horizon } = sandbox
    const post = (body: string): Promise<{ status: number; data: Record<string, unknown>; headers: Record<string, unknown> }> =>
      axios.post(`${horizon.url}/transactions`, body, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, validateStatus: () => true })
    const garbled = await post('tx=AAAAAgAAAAB%2Bgarbage')
    expect(garbled.status).toBe(400)
    expect(garbled.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(garbled.data).toMatchObject({
      type: 'https://stellar.org/horizon-errors/transaction_malformed',
      title: 'Transaction Malformed',
      status: 400,
      extras: { envelope_xdr: 'AAAAAgAAAAB+garbage' }
    })
    expect((await post('')).data).toMatchObject({ type: 'https://stellar.org/horizon-errors/transaction_malformed' })
  })
})
