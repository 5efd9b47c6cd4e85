import { Keypair } from '@stellar/stellar-sdk'
import axios from 'axios'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTransaction, pay } from '../chain/envelopes'
import { sequenceOf, startSandbox, type Sandbox } from './sandbox'

// bob's history: the create_account that funded him, then 12 payments from alice (memo pay-1..12),
// then one failed payment of his own (op_underfunded).
const PAYMENTS = 12
let sandbox: Sandbox
let failedHash: string

interface PaymentJson {
  readonly type: string
  readonly paging_token: string
  readonly amount?: string
  readonly from?: string
  readonly funder?: string
  readonly starting_balance?: string
  readonly transaction_successful: boolean
  readonly transaction?: { readonly memo?: string; readonly hash: string }
}

beforeAll(async () => {
  sandbox = await startSandbox()
  const { chain, alice, bob } = sandbox
  for (let i = 1; i <= PAYMENTS; i++) {
    const outcome = chain.submit(buildTransaction({ source: alice, sequence: sequenceOf(chain, alice), operations: [pay(bob.publicKey(), String(i))], memo: `pay-${i}` }).toEnvelope().toXDR('base64'))
    if (outcome.kind !== 'applied') throw new Error('setup payment failed')
  }
  const failed = chain.submit(buildTransaction({ source: bob, sequence: sequenceOf(chain, bob), operations: [pay(alice.publicKey(), '100000')] }).toEnvelope().toXDR('base64'))
  failedHash = failed.kind === 'rejected' ? (failed.recorded?.hash ?? '') : ''
})

afterAll(() => sandbox.close())

async function getJson<T>(url: string): Promise<{ status: number; data: T }> {
  const response = await axios.get<T>(url.startsWith('http') ? url : `${sandbox.horizon.url}${url}`, { validateStatus: () => true })
  return { status: response.status, data: response.data }
}

interface Page {
  readonly _links: { readonly self: { href: string }; readonly next: { href: string }; readonly prev: { href: string } }
  readonly _embedded: { readonly records: readonly PaymentJson[] }
}

describe('GET /accounts/{G}/payments', () => {
  it('pages forward with stellar-sdk next() until the end, payments and the create_account alike', async () => {
    const { server, bob, chain } = sandbox
    let page = await server.payments().forAccount(bob.publicKey()).order('asc').limit(5).call()
    const records: PaymentJson[] = []
    while (page.records.length > 0) {
      records.push(...(page.records as unknown as PaymentJson[]))
      page = await page.next()
    }
    expect(records).toHaveLength(PAYMENTS + 1)
    expect(records[0]).toMatchObject({ type: 'create_account', funder: chain.rootAddress, starting_balance: '10.0000000' })
    expect(records.slice(1).map((r) => r.amount)).toEqual(Array.from({ length: PAYMENTS }, (_, i) => `${i + 1}.0000000`))
    const tokens = records.map((r) => BigInt(r.paging_token))
    expect(tokens).toEqual([...tokens].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
  })

  it('pages backward with prev() from a cursor in the middle', async () => {
    const { server, bob } = sandbox
    const all = (await server.payments().forAccount(bob.publicKey()).order('asc').limit(200).call()).records as unknown as PaymentJson[]
    const middle = all[7]?.paging_token ?? ''
    const after = await server.payments().forAccount(bob.publicKey()).cursor(middle).order('asc').limit(3).call()
    expect((after.records as unknown as PaymentJson[]).map((r) => r.amount)).toEqual(['8.0000000', '9.0000000', '10.0000000'])
    const before = await after.prev()
    expect((before.records as unknown as PaymentJson[]).map((r) => r.amount)).toEqual(['7.0000000', '6.0000000', '5.0000000'])
  })

  it('pages newest first with order=desc', async () => {
    const page = await sandbox.server.payments().forAccount(sandbox.bob.publicKey()).order('desc').limit(2).call()
    expect((page.records as unknown as PaymentJson[]).map((r) => r.amount)).toEqual(['12.0000000', '11.0000000'])
  })

  it('writes self, next and prev links as Horizon does: the request query, cursor/limit/order set, keys sorted', async () => {
    const { bob, horizon } = sandbox
    const base = `${horizon.url}/accounts/${bob.publicKey()}/payments`
    const { data } = await getJson<Page>(`/accounts/${bob.publicKey()}/payments?limit=2&join=transactions&order=asc`)
    const [first, second] = data._embedded.records
    expect(data._links.self.href).toBe(`${base}?cursor=&join=transactions&limit=2&order=asc`)
    expect(data._links.next.href).toBe(`${base}?cursor=${second?.paging_token}&join=transactions&limit=2&order=asc`)
    expect(data._links.prev.href).toBe(`${base}?cursor=${first?.paging_token}&join=transactions&limit=2&order=desc`)
    const next = await getJson<Page>(data._links.next.href)
    expect(next.data._embedded.records[0]?.amount).toBe('2.0000000')
  })

  it('embeds each record\'s transaction with join=transactions, which stellar-sdk resolves without a request', async () => {
    const { server, bob, horizon } = sandbox
    const page = await server.payments().forAccount(bob.publicKey()).join('transactions').order('desc').limit(1).call()
    const before = horizon.requests.count()
    const record = page.records[0] as unknown as { transaction: () => Promise<{ memo: string; hash: string }>; transaction_attr: { memo: string } }
    const transaction = await record.transaction()
    expect(transaction.memo).toBe(`pay-${PAYMENTS}`)
    expect(record.transaction_attr.memo).toBe(`pay-${PAYMENTS}`)
    expect(horizon.requests.count()).toBe(before)
  })

  it('leaves failed transactions out unless include_failed=true', async () => {
    const { bob } = sandbox
    const plain = await getJson<Page>(`/accounts/${bob.publicKey()}/payments?order=desc&limit=1`)
    expect(plain.data._embedded.records[0]?.amount).toBe('12.0000000')
    const withFailed = await getJson<Page>(`/accounts/${bob.publicKey()}/payments?order=desc&limit=1&include_failed=true&join=transactions`)
    expect(withFailed.data._embedded.records[0]).toMatchObject({ amount: '100000.0000000', transaction_successful: false, transaction: { hash: failedHash } })
    const transactions = await getJson<Page>(`/accounts/${bob.publicKey()}/transactions?order=desc&limit=200&include_failed=true`)
    expect(transactions.data._embedded.records.map((r) => (r as unknown as { hash: string }).hash)).toContain(failedHash)
  })

  it('answers an empty page, not a 404, for an address with no history', async () => {
    const { status, data } = await getJson<Page>(`/accounts/${Keypair.random().publicKey()}/payments`)
    expect(status).toBe(200)
    expect(data._embedded.records).toEqual([])
  })

  it('defaults to 10 records and refuses limits above 200 or below 1, bad orders, cursors and joins', async () => {
    const { bob } = sandbox
    const path = `/accounts/${bob.publicKey()}/payments`
    expect((await getJson<Page>(path)).data._embedded.records).toHaveLength(10)
    expect((await getJson<Page>(`${path}?limit=200`)).status).toBe(200)
    const refused = await Promise.all([`${path}?limit=201`, `${path}?limit=0`, `${path}?limit=ten`, `${path}?order=sideways`, `${path}?cursor=abc`, `${path}?join=ledgers`, `${path}?include_failed=maybe`].map((url) => getJson<{ status: number; extras: { invalid_field: string } }>(url)))
    expect(refused.map((r) => [r.status, r.data.extras.invalid_field])).toEqual([
      [400, 'limit'],
      [400, 'limit'],
      [400, 'limit'],
      [400, 'order'],
      [400, 'cursor'],
      [400, 'join'],
      [400, 'include_failed']
    ])
  })

  it('answers cursor=now with an empty page: nothing has happened after now yet', async () => {
    const { data } = await getJson<Page>(`/accounts/${sandbox.bob.publicKey()}/payments?cursor=now`)
    expect(data._embedded.records).toEqual([])
  })
})

describe('other collections', () => {
  it('pages an account\'s transactions and operations with stellar-sdk', async () => {
    const { server, alice } = sandbox
    const transactions = await server.transactions().forAccount(alice.publicKey()).order('asc').limit(3).call()
    expect(transactions.records.map((t) => t.memo)).toEqual([undefined, 'pay-1', 'pay-2'])
    const operations = await server.operations().forAccount(alice.publicKey()).order('desc').limit(2).call()
    expect(operations.records.map((op) => (op as unknown as PaymentJson).amount)).toEqual(['12.0000000', '11.0000000'])
  })

  it('pages every transaction on the network and every ledger', async () => {
    const { server, chain } = sandbox
    const transactions = await server.transactions().order('desc').limit(200).call()
    expect(transactions.records).toHaveLength(PAYMENTS + 2)
    const ledgers = await server.ledgers().order('asc').limit(200).call()
    expect(ledgers.records.map((l) => l.sequence)).toEqual(Array.from({ length: chain.latestLedger().sequence }, (_, i) => i + 1))
  })

  it('lists network-wide payments and operations, joined, and one transaction\'s payments', async () => {
    const { chain } = sandbox
    const payments = await getJson<Page>('/payments?order=desc&limit=2&join=transactions')
    expect(payments.data._embedded.records.map((r) => [r.amount, r.transaction?.memo])).toEqual([
      ['12.0000000', 'pay-12'],
      ['11.0000000', 'pay-11']
    ])
    const operations = await getJson<Page>('/operations?order=asc&limit=1')
    expect(operations.data._embedded.records[0]).toMatchObject({ type: 'create_account', funder: chain.rootAddress })
    const hash = payments.data._embedded.records[0]?.transaction?.hash ?? ''
    const ofTransaction = await getJson<Page>(`/transactions/${hash}/payments`)
    expect(ofTransaction.data._embedded.records.map((r) => r.amount)).toEqual(['12.0000000'])
    const failedOps = await getJson<Page>(`/transactions/${failedHash}/operations`)
    expect(failedOps.data._embedded.records.map((r) => r.transaction_successful)).toEqual([false])
  })
})
