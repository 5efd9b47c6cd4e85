// Invariant 3: the chain check verifies a payment only when every fact matches.
import { describe, expect, it } from 'vitest'
import { bestCheck, verifyPaymentOnChain, type PaymentClaim, type TransactionFacts } from '../../../src/main/payments'

const APP = `G${'A'.repeat(55)}`
const BUYER = `G${'B'.repeat(55)}`
const FRIEND = `G${'C'.repeat(55)}`
const ID = 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ0b'
const expected = { appWallet: APP, passphrase: 'Pi Testnet' }

const sale: PaymentClaim = { identifier: ID, amount: 31_415_926n, fromAddress: BUYER, toAddress: APP, direction: 'user_to_app', network: 'Pi Testnet' }
const refund: PaymentClaim = { ...sale, fromAddress: APP, toAddress: BUYER, direction: 'app_to_user', amount: 5_000_000n }

function tx(overrides: Partial<TransactionFacts> = {}): TransactionFacts {
  return {
    hash: 'ab'.repeat(32),
    successful: true,
    memoType: 'text',
    memo: ID,
    transfers: [{ native: true, from: BUYER, to: APP, amount: 31_415_926n }],
    ...overrides
  }
}

describe('verifyPaymentOnChain', () => {
  it('verifies a successful native payment of the exact amount, memo = id, buyer to app wallet', () => {
    expect(verifyPaymentOnChain(sale, tx(), expected)).toEqual({ outcome: 'verified' })
  })

  it('verifies a refund paid from the app wallet to the buyer', () => {
    const paid = tx({ transfers: [{ native: true, from: APP, to: BUYER, amount: 5_000_000n }] })
    expect(verifyPaymentOnChain(refund, paid, expected)).toEqual({ outcome: 'verified' })
  })

  it.each<[string, PaymentClaim, TransactionFacts | null, readonly string[]]>([
    ['a txid on no chain', sale, null, ['not_found']],
    ['a failed transaction', sale, tx({ successful: false }), ['transaction_failed']],
    ['another payment id as memo', sale, tx({ memo: 'Zz3dE5gH7jK9mN1pQ3sT5vW7yZ0b' }), ['memo_mismatch']],
    ['an id memo instead of text', sale, tx({ memoType: 'id', memo: '42' }), ['memo_mismatch']],
    ['no memo', sale, tx({ memoType: 'none', memo: null }), ['memo_mismatch']],
    ['one stroop less', sale, tx({ transfers: [{ native: true, from: BUYER, to: APP, amount: 31_415_925n }] }), ['amount_mismatch']],
    ['one stroop more', sale, tx({ transfers: [{ native: true, from: BUYER, to: APP, amount: 31_415_927n }] }), ['amount_mismatch']],
    ['paid to a friend', sale, tx({ transfers: [{ native: true, from: BUYER, to: FRIEND, amount: 31_415_926n }] }), ['destination_mismatch']],
    ['paid by someone else', sale, tx({ transfers: [{ native: true, from: FRIEND, to: APP, amount: 31_415_926n }] }), ['source_mismatch']],
    ['paid in another asset', sale, tx({ transfers: [{ native: false, from: BUYER, to: APP, amount: 31_415_926n }] }), ['destination_mismatch']],
    ['a payment of the other network', { ...sale, network: 'Pi Network' }, tx(), ['network_mismatch']],
    ['a sale Pi says went to another wallet', { ...sale, toAddress: FRIEND }, tx({ transfers: [{ native: true, from: BUYER, to: FRIEND, amount: 31_415_926n }] }), ['destination_mismatch']],
    ['a refund Pi says came from another wallet', { ...refund, fromAddress: FRIEND }, tx({ transfers: [{ native: true, from: FRIEND, to: BUYER, amount: 5_000_000n }] }), ['source_mismatch']],
    ['a failed transaction for half the amount', sale, tx({ successful: false, transfers: [{ native: true, from: BUYER, to: APP, amount: 15_707_963n }] }), ['transaction_failed', 'amount_mismatch']]
  ])('fails %s, naming every reason', (_case, claim, facts, reasons) => {
    expect(verifyPaymentOnChain(claim, facts, expected)).toEqual({ outcome: 'failed', reasons })
  })

  it('finds the matching operation among several in one transaction', () => {
    const batch = tx({
      transfers: [
        { native: true, from: BUYER, to: FRIEND, amount: 31_415_926n },
        { native: true, from: BUYER, to: APP, amount: 1n },
        { native: true, from: BUYER, to: APP, amount: 31_415_926n }
      ]
    })
    expect(verifyPaymentOnChain(sale, batch, expected)).toEqual({ outcome: 'verified' })
  })
})

describe('bestCheck', () => {
  it('verifies when any transaction verifies, else keeps the first verdict', () => {
    const failed = { outcome: 'failed', reasons: ['transaction_failed'] } as const
    expect(bestCheck([failed, { outcome: 'verified' }])).toEqual({ outcome: 'verified' })
    expect(bestCheck([failed, { outcome: 'failed', reasons: ['amount_mismatch'] }])).toEqual(failed)
    expect(bestCheck([])).toEqual({ outcome: 'unchecked' })
  })
})
