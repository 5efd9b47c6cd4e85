// 0005: one review per payment and network, with who and a note that is never empty, cleared with
// the sandbox's ledger when its chain is new.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clearNetworkLedger } from '../../../../src/main/db/network-reset'
import { openDatabase, type MerchantDb } from '../../../../src/main/db/open'

const ID = 'A'.repeat(28)
let store: MerchantDb
beforeEach(() => {
  store = openDatabase(':memory:')
})
afterEach(() => store.close())

function insert(values: Record<string, unknown> = {}): void {
  const row = { network_id: 'sandbox', identifier: ID, reviewed_at: 1, reviewed_by: 'maria', note: 'Asked Pi support', ...values }
  store.sqlite
    .prepare('INSERT INTO payment_reviews (network_id, identifier, reviewed_at, reviewed_by, note) VALUES (@network_id, @identifier, @reviewed_at, @reviewed_by, @note)')
    .run(row)
}

describe('0005 payment_reviews', () => {
  it('keeps one review per payment and network', () => {
    insert()
    insert({ network_id: 'testnet' })
    expect(() => insert()).toThrow(/UNIQUE/)
  })

  it('refuses an empty note, an empty reviewer and an unknown network', () => {
    expect(() => insert({ note: '' })).toThrow(/CHECK/)
    expect(() => insert({ reviewed_by: '' })).toThrow(/CHECK/)
    expect(() => insert({ network_id: 'moon' })).toThrow(/CHECK/)
    expect(store.sqlite.prepare('SELECT count(*) FROM payment_reviews').pluck().get()).toBe(0n)
  })

  it("goes with the sandbox's ledger, and only the sandbox's", async () => {
    insert()
    insert({ network_id: 'testnet' })
    await clearNetworkLedger(store, 'sandbox')
    expect(store.sqlite.prepare('SELECT network_id FROM payment_reviews').pluck().all()).toEqual(['testnet'])
  })
})
