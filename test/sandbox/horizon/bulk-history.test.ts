import { Horizon, Keypair } from '@stellar/stellar-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HistoryRecord } from '../../../src/sandbox/chain/import-history'
import { SimChain } from '../../../src/sandbox/chain/sim-chain'
import { startHorizon, type RunningHorizon } from '../../../src/sandbox/horizon/start-horizon'
import { PI } from '../chain/envelopes'

// A merchant's year: 100k buyer payments into the app wallet, every fourth one carrying a Pi
// payment identifier as memo, imported in bulk and read back through Horizon by stellar-sdk.
const PAYMENTS = 100_000
const identifier = (i: number): string => `pi${String(i).padStart(26, '0')}`

interface PaymentRecord {
  readonly type: string
  readonly paging_token: string
  readonly amount: string
  readonly from: string
  readonly transaction_attr?: { readonly memo?: string; readonly memo_type: string }
}

let chain: SimChain
let horizon: RunningHorizon
let server: Horizon.Server
const app = Keypair.random().publicKey()

beforeAll(async () => {
  const genesis = new Date(Date.now() - 400 * 86_400_000)
  const buyers = Array.from({ length: 200 }, () => Keypair.random().publicKey())
  chain = new SimChain({ ledgerIntervalMs: null, genesisTime: genesis, accounts: [{ address: app, balance: 100n * PI }, ...buyers.map((address) => ({ address, balance: 1_000_000n * PI }))] })
  const start = genesis.getTime() + 86_400_000
  function* history(): Generator<HistoryRecord> {
    for (let i = 0; i < PAYMENTS; i++) {
      const buyer = buyers[i % buyers.length] ?? ''
      yield {
        createdAt: start + i * 300_000,
        source: buyer,
        ...(i % 4 === 0 ? { memo: { type: 'text', value: identifier(i) } as const } : {}),
        operations: [{ kind: 'payment', from: buyer, to: app, amount: PI + BigInt(i) }]
      }
    }
  }
  chain.importHistory(history())
  horizon = await startHorizon({ chain })
  server = new Horizon.Server(horizon.url, { allowHttp: true })
})

afterAll(async () => {
  chain.stop()
  await horizon.close()
})

const amountOf = (i: number): string => `1.${String(i).padStart(7, '0')}`

describe('100k imported payments through Horizon', () => {
  it('pages the app wallet from the start, following next links, with memos joined', async () => {
    let page = await server.payments().forAccount(app).order('asc').limit(200).join('transactions').call()
    const seen: PaymentRecord[] = []
    for (let n = 0; n < 5; n++) {
      seen.push(...(page.records as unknown as PaymentRecord[]))
      page = await page.next()
    }
    expect(seen).toHaveLength(1000)
    expect(seen.map((r) => r.amount)).toEqual(Array.from({ length: 1000 }, (_, i) => amountOf(i)))
    expect(seen[0]?.transaction_attr).toMatchObject({ memo_type: 'text', memo: identifier(0) })
    expect(seen[1]?.transaction_attr).toMatchObject({ memo_type: 'none' })
    expect(seen[1]?.transaction_attr?.memo).toBeUndefined()
    expect(seen[996]?.transaction_attr?.memo).toBe(identifier(996))
  })

  it('resumes from a saved cursor deep in the history, as a sync restarting from its checkpoint', async () => {
    const checkpoint = chain.accountOperations(app, { order: 'asc', limit: 60_000 }).at(-1)
    const page = await server.payments().forAccount(app).cursor(checkpoint?.pagingToken ?? '').order('asc').limit(3).call()
    expect((page.records as unknown as PaymentRecord[]).map((r) => r.amount)).toEqual([amountOf(60_000), amountOf(60_001), amountOf(60_002)])
    const back = await page.prev()
    expect((back.records as unknown as PaymentRecord[]).map((r) => r.amount)).toEqual([amountOf(59_999), amountOf(59_998), amountOf(59_997)])
  })

  it('reads the newest payments first with order=desc, and the account balance matches the sum', async () => {
    const page = await server.payments().forAccount(app).order('desc').limit(2).call()
    expect((page.records as unknown as PaymentRecord[]).map((r) => r.amount)).toEqual([amountOf(PAYMENTS - 1), amountOf(PAYMENTS - 2)])
    const account = await server.loadAccount(app)
    const received = BigInt(PAYMENTS) * PI + (BigInt(PAYMENTS) * BigInt(PAYMENTS - 1)) / 2n
    const expected = 100n * PI + received
    expect(account.balances[0]?.balance).toBe(`${expected / PI}.${String(expected % PI).padStart(7, '0')}`)
  })

  it('finds any imported transaction by hash', async () => {
    const [op] = chain.accountOperations(app, { order: 'asc', limit: 1, join: true })
    const record = await server.transactions().transaction(op?.transactionHash ?? '').call()
    expect(record).toMatchObject({ hash: op?.transactionHash, memo: identifier(0), successful: true, signatures: [] })
  })
})
