// The search box: words and id prefixes over id, txid, user, memo, wallet and metadata values.
// What is typed is text, never FTS5 syntax; a search that matches too much is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MerchantDb } from '../../../src/main/db/open'
import { listPayments, SEARCH_MATCH_LIMIT } from '../../../src/main/ledger'
import { searchTermsFrom } from '../../../src/main/ledger/search-terms'
import { UserFacingError } from '../../../src/shared/errors'
import { generatePayments, insertLedgerPayments, type PaymentInsert } from './payment-factory'
import { ledgerSql, openScratchLedger } from '../../support'

let store: MerchantDb
beforeEach(async () => {
  store = openScratchLedger().store
})
afterEach(() => store.close())

const search = async (text: string) =>
  (await listPayments(store, { networkId: 'sandbox', filter: { search: text }, sort: { column: 'identifier', order: 'asc' }, limit: 500 })).rows.map(
    (row) => row.identifier
  )

/** Three payments with hand-written words: a and b on the sandbox, c on mainnet. */
function fixture(): [PaymentInsert, PaymentInsert, PaymentInsert] {
  const rows = generatePayments(40, { seed: 5 }).map((row) => ({ ...row, refund_of: null }))
  const withTxid = rows.filter((row) => row.txid)
  const [a, b, c] = [withTxid[0], withTxid[1], withTxid[2]] as [PaymentInsert, PaymentInsert, PaymentInsert]
  const sandbox = { network_id: 'sandbox', network: 'Pi Testnet' } as const
  return [
    { ...a, ...sandbox, memo: 'Order 1042: two loaves', metadata_json: '{"orderId":"A-77","gift":true}', user_uid: 'user-7f3a' },
    { ...b, ...sandbox, memo: 'Order 55: "special" cake OR pie', metadata_json: '{"orderId":"B-12","tags":["wedding","rush"]}', user_uid: 'user-0b1c' },
    { ...c, network_id: 'mainnet', network: 'Pi Network', memo: 'Order 1042: loaves on mainnet', metadata_json: '{}', user_uid: 'user-7f3a' }
  ]
}

describe('search terms', () => {
  it.each([
    ['loaves', '"loaves"*'],
    ['order 1042', '"order" "1042"*'],
    ['  user-7f3a  ', '"user-7f3a"*'],
    ['say "hi"', '"say" """hi"""*'],
    ['a OR b', '"a" "OR" "b"*'],
    ['NEAR(a b) identifier:x *', '"NEAR(a" "b)" "identifier:x"*'],
    ['one two three four five six seven eight nine ten', '"one" "two" "three" "four" "five" "six" "seven" "eight"*']
  ])('quotes %j as %s', (text, match) => {
    expect(searchTermsFrom(text)?.match).toBe(match)
  })

  it.each(['', '   ', '- * "', '()'])('finds nothing to search in %j', async (text) => {
    expect(searchTermsFrom(text)).toBeNull()
  })
})

describe('searching the ledger', () => {
  beforeEach(() => insertLedgerPayments(store, fixture()))
  const [a, b] = fixture()

  it('finds a payment by a memo word, a memo word prefix, and two words together', async () => {
    expect(await search('loaves')).toEqual([a.identifier])
    expect(await search('loa')).toEqual([a.identifier])
    expect(await search('order 1042')).toEqual([a.identifier])
    expect(await search('order 55')).toEqual([b.identifier])
  })

  it('finds a payment by its identifier, or the start of it, in any letter case', async () => {
    expect(await search(a.identifier)).toEqual([a.identifier])
    expect(await search(a.identifier.slice(0, 6))).toEqual([a.identifier])
    expect(await search(a.identifier.slice(0, 6).toLowerCase())).toEqual([a.identifier])
  })

  it('finds a payment by its txid prefix, its user and the buyer wallet', async () => {
    if (!a.txid) throw new Error('fixture payment has no txid')
    expect(await search(a.txid.slice(0, 10))).toEqual([a.identifier])
    expect(await search('user-7f3a')).toEqual([a.identifier])
    const wallet = a.direction === 'user_to_app' ? a.from_address : a.to_address
    expect(await search(wallet)).toEqual([a.identifier])
  })

  it('finds a payment by a metadata value, nested ones included, but not by a metadata key', async () => {
    expect(await search('A-77')).toEqual([a.identifier])
    expect(await search('wedding')).toEqual([b.identifier])
    expect(await search('tags')).toEqual([])
  })

  it('follows a change of metadata', async () => {
    await ledgerSql(store).run('UPDATE payments SET metadata_json = ? WHERE identifier = ?', '{"orderId":"C-99"}', a.identifier)
    expect(await search('A-77')).toEqual([])
    expect(await search('C-99')).toEqual([a.identifier])
  })

  it('reads FTS5 operators and quotes as plain words', async () => {
    expect(await search('"special"')).toEqual([b.identifier])
    expect(await search('cake OR')).toEqual([b.identifier])
    expect(await search('loaves OR cake')).toEqual([])
    expect(await search('NEAR(loaves')).toEqual([])
    expect(await search('memo:loaves')).toEqual([])
    expect(await search('*')).toEqual([a.identifier, b.identifier].sort())
  })

  it('only finds payments of the current network', async () => {
    expect(await search('mainnet')).toEqual([])
  })
})

describe('a search that matches too much', () => {
  it(`is refused past ${SEARCH_MATCH_LIMIT} matches, with a way forward`, async () => {
    const rows = generatePayments(SEARCH_MATCH_LIMIT + 1, { seed: 3 })
    await insertLedgerPayments(store, rows)
    let refusal: unknown
    try {
      await search('order')
    } catch (error) {
      refusal = error
    }
    expect(refusal).toBeInstanceOf(UserFacingError)
    expect((refusal as UserFacingError).code).toBe('search_too_broad')
    expect((refusal as UserFacingError).message).toBe(
      'More than 5,000 payments match "order". Add another word, or more of the id, to narrow the search.'
    )
    const sandboxMemo = rows.find((row) => row.network_id === 'sandbox')?.memo ?? ''
    expect((await search(sandboxMemo.split(':')[0] ?? '')).length).toBeGreaterThan(0)
  })
})
