import { Asset, type FeeBumpTransaction, Keypair, Operation, TransactionBuilder, xdr } from '@stellar/stellar-sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SimChain } from '../../../src/sandbox/chain/sim-chain'
import type { SubmitOutcome } from '../../../src/sandbox/chain/types'
import { BASE_FEE, PI, buildTransaction, createAccount, envelope, nowSeconds, pay } from './envelopes'

let chain: SimChain
let alice: Keypair
let bob: Keypair

beforeEach(() => {
  chain = new SimChain({ ledgerIntervalMs: null })
  alice = Keypair.random()
  bob = Keypair.random()
  chain.fund(alice.publicKey(), 100n * PI)
  chain.fund(bob.publicKey(), 10n * PI)
})

afterEach(() => chain.stop())

function sequenceOf(keypair: Keypair): bigint {
  const account = chain.account(keypair.publicKey())
  if (account === undefined) throw new Error('missing account')
  return account.sequence
}

function rejected(outcome: SubmitOutcome): Extract<SubmitOutcome, { kind: 'rejected' }> {
  if (outcome.kind !== 'rejected') throw new Error(`expected a rejection, got ${outcome.kind}`)
  return outcome
}

describe('a valid payment', () => {
  it('moves the amount, charges the base fee, bumps the sequence and closes a ledger holding it', () => {
    const before = chain.latestLedger().sequence
    const tx = buildTransaction({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '12.5')], memo: 'order-42' })
    const outcome = chain.submit(tx.toEnvelope().toXDR('base64'))

    expect(outcome.kind).toBe('applied')
    if (outcome.kind !== 'applied') return
    expect(outcome.transaction.hash).toBe(tx.hash().toString('hex'))
    expect(outcome.transaction.ledger).toBe(before + 1)
    expect(outcome.transaction.memo).toEqual({ type: 'text', value: 'order-42' })
    expect(outcome.transaction.feeCharged).toBe(BigInt(BASE_FEE))
    expect(chain.account(alice.publicKey())?.balance).toBe(100n * PI - 125n * PI / 10n - BigInt(BASE_FEE))
    expect(chain.account(bob.publicKey())?.balance).toBe(10n * PI + 125n * PI / 10n)
    expect(chain.account(alice.publicKey())?.sequence).toBe(BigInt(tx.sequence))
    expect(chain.latestLedger().sequence).toBe(before + 1)
    const result = xdr.TransactionResult.fromXDR(outcome.transaction.resultXdr, 'base64')
    expect(result.result().switch().name).toBe('txSuccess')
    expect(result.feeCharged().toString()).toBe(String(BASE_FEE))
  })

  it('answers a resubmitted landed envelope with the landed transaction, applying nothing twice', () => {
    const xdrEnvelope = envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')] })
    const first = chain.submit(xdrEnvelope)
    const balance = chain.account(bob.publicKey())?.balance
    const second = chain.submit(xdrEnvelope)

    expect(second.kind).toBe('applied')
    expect(second.kind === 'applied' && first.kind === 'applied' && second.transaction.hash === first.transaction.hash).toBe(true)
    expect(chain.account(bob.publicKey())?.balance).toBe(balance)
  })

  it('tells subscribers about every transaction that lands, and stops after unsubscribing', () => {
    const seen: string[] = []
    const unsubscribe = chain.onTransaction((tx) => seen.push(tx.hash))
    const first = chain.submit(envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')] }))
    unsubscribe()
    chain.submit(envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')] }))

    expect(seen).toEqual([first.kind === 'applied' ? first.transaction.hash : ''])
  })
})

describe('a base-fee vote', () => {
  it('raises the fee every transaction must bid from the next ledger, and shows it in the latest ledger; voting it back restores it', () => {
    const normal = chain.baseFee
    chain.voteBaseFee(normal * 10)
    try {
      expect(chain.latestLedger().baseFeeInStroops).toBe(normal * 10)
      expect(chain.feeStats().lastLedgerBaseFee).toBe(normal * 10)
      const cheap = rejected(chain.submit(envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')] })))
      expect(cheap.resultCodes).toEqual({ transaction: 'tx_insufficient_fee' })
      const bid = chain.submit(envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')], feePerOperation: normal * 10 }))
      expect(bid.kind).toBe('applied')
      expect(() => chain.voteBaseFee(0)).toThrow(RangeError)
    } finally {
      chain.voteBaseFee(normal)
    }
    expect(chain.submit(envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')] })).kind).toBe('applied')
  })
})

describe('validation failures are refused without a trace', () => {
  const cases: [string, () => string][] = [
    ['tx_bad_seq', () => envelope({ source: alice, sequence: sequenceOf(alice) + 1n, operations: [pay(bob.publicKey(), '1')] })],
    ['tx_bad_auth', () => envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')], signers: [bob] })],
    ['tx_bad_auth', () => envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')], passphrase: 'Pi Network' })],
    ['tx_bad_auth', () => envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')], signers: [] })],
    ['tx_bad_auth_extra', () => envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')], signers: [alice, bob] })],
    ['tx_insufficient_fee', () => envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')], feePerOperation: 100 })],
    ['tx_too_late', () => envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')], timebounds: { minTime: 0, maxTime: nowSeconds(chain.now()) - 5 } })],
    ['tx_too_early', () => envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')], timebounds: { minTime: nowSeconds(chain.now()) + 60, maxTime: 0 } })],
    ['tx_no_source_account', () => envelope({ source: Keypair.random(), sequence: 1n, operations: [pay(bob.publicKey(), '1')] })]
  ]

  it.each(cases)('%s: no fee, no sequence bump, nothing recorded', (code, build) => {
    const aliceBefore = chain.account(alice.publicKey())
    const ledgerBefore = chain.latestLedger().sequence
    const outcome = rejected(chain.submit(build()))

    expect(outcome.resultCodes).toEqual({ transaction: code })
    expect(outcome.recorded).toBeUndefined()
    expect(chain.account(alice.publicKey())).toEqual(aliceBefore)
    expect(chain.latestLedger().sequence).toBe(ledgerBefore)
    const decoded = xdr.TransactionResult.fromXDR(outcome.resultXdr, 'base64')
    expect(decoded.result().switch().name).toBe(
      { tx_bad_seq: 'txBadSeq', tx_bad_auth: 'txBadAuth', tx_bad_auth_extra: 'txBadAuthExtra', tx_insufficient_fee: 'txInsufficientFee', tx_too_late: 'txTooLate', tx_too_early: 'txTooEarly', tx_no_source_account: 'txNoAccount' }[code]
    )
  })

  it('tx_insufficient_balance when the fee would dip into the reserve', () => {
    const poor = Keypair.random()
    chain.fund(poor.publicKey(), 1n * PI) // exactly the minimum balance: nothing left for a fee
    const outcome = rejected(chain.submit(envelope({ source: poor, sequence: sequenceOf(poor), operations: [pay(bob.publicKey(), '0.1')] })))
    expect(outcome.resultCodes).toEqual({ transaction: 'tx_insufficient_balance' })
    expect(chain.account(poor.publicKey())?.balance).toBe(1n * PI)
  })

  it('an expired envelope becomes tx_too_late once the ledger clock passes its maxTime', () => {
    const maxTime = nowSeconds(chain.now()) + 30
    const xdrEnvelope = envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')], timebounds: { minTime: 0, maxTime } })
    chain.advanceTime(31_000)
    expect(rejected(chain.submit(xdrEnvelope)).resultCodes.transaction).toBe('tx_too_late')
  })

  it('op_malformed for a non-positive amount, refused as tx_failed before it reaches the ledger', () => {
    const tx = buildTransaction({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')] })
    // stellar-sdk refuses to build a zero payment: forge one in the XDR.
    const env = tx.toEnvelope()
    env.v1().tx().operations()[0]?.body().paymentOp().amount(xdr.Int64.fromString('0'))
    env.v1().signatures([])
    const forged = TransactionBuilder.fromXDR(env.toXDR('base64'), 'Pi Testnet')
    forged.sign(alice)
    const outcome = rejected(chain.submit(forged.toEnvelope().toXDR('base64')))
    expect(outcome.resultCodes).toEqual({ transaction: 'tx_failed', operations: ['op_malformed'] })
    expect(outcome.recorded).toBeUndefined()
  })

  it('op_not_supported for operations the simulator does not model', () => {
    const outcome = rejected(
      chain.submit(envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1'), Operation.manageData({ name: 'k', value: 'v' })] }))
    )
    expect(outcome.resultCodes).toEqual({ transaction: 'tx_failed', operations: ['op_success', 'op_not_supported'] })
  })

  it('tx_malformed (flagged malformed) for an envelope that does not decode', () => {
    const outcome = rejected(chain.submit('bm90IGFuIGVudmVsb3Bl'))
    expect(outcome.malformed).toBe(true)
    expect(outcome.resultCodes.transaction).toBe('tx_malformed')
  })

  it('tx_not_supported for fee-bump envelopes', () => {
    const inner = buildTransaction({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '1')] })
    const bump: FeeBumpTransaction = TransactionBuilder.buildFeeBumpTransaction(bob, String(BASE_FEE * 2), inner, 'Pi Testnet')
    bump.sign(bob)
    expect(rejected(chain.submit(bump.toEnvelope().toXDR('base64'))).resultCodes).toEqual({ transaction: 'tx_not_supported' })
  })
})

describe('apply-time failures are recorded as failed transactions', () => {
  it('op_underfunded: fee charged, sequence bumped, no money moved, on the ledger with successful=false', () => {
    const before = chain.account(bob.publicKey())
    const outcome = rejected(chain.submit(envelope({ source: bob, sequence: sequenceOf(bob), operations: [pay(alice.publicKey(), '9.5')] })))

    expect(outcome.resultCodes).toEqual({ transaction: 'tx_failed', operations: ['op_underfunded'] })
    expect(outcome.recorded?.successful).toBe(false)
    expect(chain.account(bob.publicKey())?.balance).toBe((before?.balance ?? 0n) - BigInt(BASE_FEE))
    expect(chain.account(bob.publicKey())?.sequence).toBe((before?.sequence ?? 0n) + 1n)
    expect(chain.account(alice.publicKey())?.balance).toBe(100n * PI)
    expect(chain.transaction(outcome.recorded?.hash ?? '')?.successful).toBe(false)
    const result = xdr.TransactionResult.fromXDR(outcome.resultXdr, 'base64')
    expect(result.result().switch().name).toBe('txFailed')
    expect(result.result().results()[0]?.tr().paymentResult().switch().name).toBe('paymentUnderfunded')
  })

  it('op_no_destination when paying an account that does not exist', () => {
    const outcome = rejected(chain.submit(envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(Keypair.random().publicKey(), '1')] })))
    expect(outcome.resultCodes).toEqual({ transaction: 'tx_failed', operations: ['op_no_destination'] })
    expect(outcome.recorded?.feeCharged).toBe(BigInt(BASE_FEE))
  })

  it('a failing later operation rolls back the earlier ones of the same transaction', () => {
    const carol = Keypair.random().publicKey()
    const outcome = rejected(
      chain.submit(envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(bob.publicKey(), '5'), createAccount(carol, '1'), pay(bob.publicKey(), '1000')] }))
    )
    expect(outcome.resultCodes).toEqual({ transaction: 'tx_failed', operations: ['op_success', 'op_success', 'op_underfunded'] })
    expect(chain.account(bob.publicKey())?.balance).toBe(10n * PI)
    expect(chain.account(carol)).toBeUndefined()
    expect(chain.account(alice.publicKey())?.balance).toBe(100n * PI - 3n * BigInt(BASE_FEE))
  })

  it('create_account: op_already_exists, op_low_reserve, then success with the sequence of its ledger', () => {
    const exists = rejected(chain.submit(envelope({ source: alice, sequence: sequenceOf(alice), operations: [createAccount(bob.publicKey(), '5')] })))
    expect(exists.resultCodes.operations).toEqual(['op_already_exists'])
    const carol = Keypair.random().publicKey()
    const low = rejected(chain.submit(envelope({ source: alice, sequence: sequenceOf(alice), operations: [createAccount(carol, '0.5')] })))
    expect(low.resultCodes.operations).toEqual(['op_low_reserve'])

    const created = chain.submit(envelope({ source: alice, sequence: sequenceOf(alice), operations: [createAccount(carol, '2')] }))
    expect(created.kind).toBe('applied')
    const ledger = chain.latestLedger().sequence
    expect(chain.account(carol)).toEqual({ id: carol, sequence: BigInt(ledger) << 32n, balance: 2n * PI, subentryCount: 0 })
  })

  it('non-native payments fail with op_src_no_trust: the simulator holds no trustlines', () => {
    const usd = new Asset('USD', Keypair.random().publicKey())
    const outcome = rejected(
      chain.submit(envelope({ source: alice, sequence: sequenceOf(alice), operations: [Operation.payment({ destination: bob.publicKey(), asset: usd, amount: '1' })] }))
    )
    expect(outcome.resultCodes.operations).toEqual(['op_src_no_trust'])
  })

  it('an operation with its own source needs that account to sign (op_bad_auth), and works when it does', () => {
    const unsigned = rejected(chain.submit(envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(alice.publicKey(), '2', bob.publicKey())] })))
    expect(unsigned.resultCodes).toEqual({ transaction: 'tx_failed', operations: ['op_bad_auth'] })

    const signed = chain.submit(envelope({ source: alice, sequence: sequenceOf(alice), operations: [pay(alice.publicKey(), '2', bob.publicKey())], signers: [alice, bob] }))
    expect(signed.kind).toBe('applied')
    expect(chain.account(bob.publicKey())?.balance).toBe(8n * PI)
  })
})
