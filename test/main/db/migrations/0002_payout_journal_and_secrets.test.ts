// 0002: the payout journal's table refuses rows that break the state machine's promises (a
// signed payout without its envelope hash, a refund without its sale, zero Pi), the recovery
// query uses its index, and secrets can only be stored for networks that have them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../../src/main/db/open'

const WALLET = `G${'A'.repeat(55)}`
const PAYMENT = 'p'.repeat(28)
const HASH = 'ab'.repeat(32)

let store: MerchantDb
beforeEach(() => {
  store = openDatabase(':memory:')
})
afterEach(() => store.close())

let keys = 0
function insert(values: Record<string, unknown>): void {
  keys += 1
  const row = {
    idempotency_key: `migration-test-key-${keys}`,
    network_id: 'sandbox',
    app_wallet: WALLET,
    kind: 'payout',
    refund_of: null,
    user_uid: 'buyer',
    amount_stroops: 10_000_000n,
    memo: 'Prize',
    state: 'recorded',
    requested_by: 'maria',
    created_at: 1,
    updated_at: 1,
    ...values
  }
  const columns = Object.keys(row)
  store.sqlite.prepare(`INSERT INTO payouts (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row)
}

describe('0002 payout journal', () => {
  it('accepts a payout walking its states with what each state needs', () => {
    insert({ state: 'recorded' })
    insert({ state: 'created', pi_payment_id: PAYMENT, to_address: WALLET })
    insert({ state: 'signed', pi_payment_id: 'q'.repeat(28), envelope_xdr: 'AAAA', tx_hash: HASH })
    expect(store.sqlite.prepare('SELECT COUNT(*) FROM payouts').pluck().get()).toBe(3n)
  })

  it.each([
    ['a created payout without its Pi payment', { state: 'created' }],
    ['a signed payout without its envelope', { state: 'signed', pi_payment_id: PAYMENT }],
    ['a confirmed payout without its txid', { state: 'confirmed', pi_payment_id: PAYMENT, envelope_xdr: 'AAAA', tx_hash: HASH }],
    ['a refund without its sale', { kind: 'refund' }],
    ['a payout that names a sale', { refund_of: PAYMENT }],
    ['zero Pi', { amount_stroops: 0n }],
    ['an envelope without its hash', { envelope_xdr: 'AAAA' }],
    ['an unknown state', { state: 'paid' }],
    ['a short request key', { idempotency_key: 'short' }]
  ])('refuses %s', (_what, values) => {
    expect(() => insert(values)).toThrow(/CHECK constraint failed/)
  })

  it('refuses a second payout with the same request key', () => {
    insert({ idempotency_key: 'same-request-key-0001' })
    expect(() => insert({ idempotency_key: 'same-request-key-0001' })).toThrow(/UNIQUE/)
  })

  it('finds unfinished payouts of a wallet through its partial index', () => {
    const plan = store.sqlite
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM payouts WHERE app_wallet = ? AND network_id = ? AND state NOT IN ('completed', 'failed') ORDER BY id`
      )
      .all(WALLET, 'sandbox') as { detail: string }[]
    expect(plan.map((step) => step.detail).join('\n')).toMatch(/USING INDEX payouts_unfinished/)
  })
})

describe('0002 secrets', () => {
  it('stores ciphertext for testnet and mainnet only', () => {
    const add = (network: string) =>
      store.sqlite
        .prepare(`INSERT INTO secrets (network_id, name, cipher, ciphertext, updated_at) VALUES (?, 'api_key', 'passphrase', ?, 1)`)
        .run(network, Buffer.from([1, 2, 3]))
    add('testnet')
    expect(() => add('sandbox')).toThrow(/CHECK constraint failed/)
  })
})
