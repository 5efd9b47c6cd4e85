import { Keypair, TransactionBuilder, type Transaction } from '@stellar/stellar-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ImportError, type HistoryRecord } from '../../../src/sandbox/chain/import-history'
import { SimChain } from '../../../src/sandbox/chain/sim-chain'
import { orderKeyOf } from '../../../src/sandbox/chain/toid'
import { BASE_FEE, PI, TESTNET } from './envelopes'

const DAY = 86_400_000
const PAYMENTS = 100_000
const BUYERS = 500

describe('importHistory with 100k payments', () => {
  const genesis = new Date(Date.now() - 30 * DAY)
  const chain = new SimChain({ ledgerIntervalMs: null, genesisTime: genesis })
  const app = Keypair.random().publicKey()
  const buyers = Array.from({ length: BUYERS }, () => Keypair.random().publicKey())
  const start = genesis.getTime() + 60_000
  const memoOf = (i: number): string => `pay_${String(i).padStart(24, '0')}`
  let elapsedMs = 0

  function* history(): Generator<HistoryRecord> {
    yield { createdAt: start, source: chain.rootAddress, operations: [{ kind: 'create_account', funder: chain.rootAddress, account: app, startingBalance: 10n * PI }] }
    for (const buyer of buyers) {
      yield { createdAt: start + 1000, source: chain.rootAddress, operations: [{ kind: 'create_account', funder: chain.rootAddress, account: buyer, startingBalance: 10_000n * PI }] }
    }
    for (let i = 0; i < PAYMENTS; i++) {
      const buyer = buyers[i % BUYERS] ?? ''
      // Three payments share each second, so ledgers hold several transactions.
      yield { createdAt: start + 2000 + Math.floor(i / 3) * 7000, source: buyer, memo: { type: 'text', value: memoOf(i) }, operations: [{ kind: 'payment', from: buyer, to: app, amount: 1_000_000n + BigInt(i) }] }
    }
  }

  beforeAll(() => {
    const began = performance.now()
    const summary = chain.importHistory(history())
    elapsedMs = performance.now() - began
    expect(summary.transactions).toBe(PAYMENTS + BUYERS + 1)
  })

  afterAll(() => chain.stop())

  it('imports a hundred thousand records within seconds', () => {
    expect(elapsedMs).toBeLessThan(5_000)
  })

  it('moves balances exactly: fees from the payers, amounts to the app wallet', () => {
    const received = BigInt(PAYMENTS) * 1_000_000n + (BigInt(PAYMENTS) * BigInt(PAYMENTS - 1)) / 2n
    expect(chain.account(app)?.balance).toBe(10n * PI + received)
    const perBuyer = PAYMENTS / BUYERS
    const firstBuyerPaid = Array.from({ length: perBuyer }, (_, k) => 1_000_000n + BigInt(k * BUYERS)).reduce((a, b) => a + b, 0n)
    expect(chain.account(buyers[0] ?? '')?.balance).toBe(10_000n * PI - firstBuyerPaid - BigInt(perBuyer * BASE_FEE))
    const created = chain.accountOperations(buyers[0] ?? '', { order: 'asc', limit: 1 })[0]
    const createdLedger = Number(BigInt(created?.pagingToken ?? '0') >> 32n)
    expect(chain.account(buyers[0] ?? '')?.sequence).toBe((BigInt(createdLedger) << 32n) + BigInt(perBuyer))
  })

  it('pages every payment of the app wallet forward, in order, with no gap or repeat', () => {
    let cursor: string | undefined
    let seen = 0
    let outOfOrder = 0
    let wrongAmount = 0
    let previous = -1n
    for (;;) {
      const page = chain.accountOperations(app, { cursor: cursor === undefined ? undefined : orderKeyOf(BigInt(cursor)), order: 'asc', limit: 200 })
      if (page.length === 0) break
      for (const op of page) {
        const token = BigInt(op.pagingToken)
        if (token <= previous) outOfOrder += 1
        previous = token
        if (op.operation.kind !== 'payment') continue
        if (op.operation.amount !== 1_000_000n + BigInt(seen)) wrongAmount += 1
        seen += 1
      }
      cursor = page[page.length - 1]?.pagingToken
    }
    expect({ seen, outOfOrder, wrongAmount }).toEqual({ seen: PAYMENTS, outOfOrder: 0, wrongAmount: 0 })
  })

  it('pages backwards from the end and from any cursor in the middle', () => {
    const newest = chain.accountOperations(app, { order: 'desc', limit: 3 })
    expect(newest.map((op) => (op.operation.kind === 'payment' ? op.operation.amount : 0n))).toEqual([
      1_000_000n + BigInt(PAYMENTS - 1),
      1_000_000n + BigInt(PAYMENTS - 2),
      1_000_000n + BigInt(PAYMENTS - 3)
    ])
    const middle = chain.accountOperations(app, { order: 'asc', limit: 1, cursor: orderKeyOf(BigInt(chain.accountOperations(app, { order: 'asc', limit: 50_001 }).at(-1)?.pagingToken ?? '0')) })
    expect(middle[0]?.operation).toMatchObject({ kind: 'payment', amount: 1_000_000n + 50_000n })
    const before = chain.accountOperations(app, { order: 'desc', limit: 2, cursor: orderKeyOf(BigInt(middle[0]?.pagingToken ?? '0')) })
    expect(before.map((op) => (op.operation.kind === 'payment' ? op.operation.amount : 0n))).toEqual([1_000_000n + 49_999n, 1_000_000n + 49_998n])
  })

  it('finds any imported transaction by hash, with its memo and a synthetic envelope that decodes', () => {
    const [joined] = chain.accountOperations(app, { order: 'desc', limit: 1, join: true })
    const tx = chain.transaction(joined?.transactionHash ?? '')
    expect(tx?.memo).toEqual({ type: 'text', value: memoOf(PAYMENTS - 1) })
    expect(tx?.synthetic).toBe(true)
    const decoded = TransactionBuilder.fromXDR(tx?.envelopeXdr ?? '', TESTNET) as Transaction
    expect(decoded.source).toBe(tx?.sourceAccount)
    expect(decoded.sequence).toBe(tx?.sourceAccountSequence.toString())
    expect(decoded.operations).toEqual([expect.objectContaining({ type: 'payment', destination: app, amount: '0.1099999' })])
    expect(joined?.transaction?.hash).toBe(tx?.hash)
  })

  it('numbers ledgers by elapsed time at Pi close rate, several transactions per ledger', () => {
    const [last] = chain.transactions({ order: 'desc', limit: 1 })
    const [first] = chain.transactions({ order: 'asc', limit: 1 })
    const seconds = ((last?.createdAt.getTime() ?? 0) - (first?.createdAt.getTime() ?? 0)) / 1000
    expect((last?.ledger ?? 0) - (first?.ledger ?? 0)).toBeGreaterThanOrEqual(Math.floor(seconds / 5) - 1)
    const ledger = chain.ledger(last?.ledger ?? 0)
    expect(ledger?.successfulTransactionCount).toBeGreaterThanOrEqual(1)
    expect(last?.pagingToken).toBe(((BigInt(last?.ledger ?? 0) << 32n) | (BigInt(ledger?.successfulTransactionCount ?? 0) << 12n)).toString())
  })

  it('lets live transactions continue after the imported history', () => {
    const buyer = Keypair.random()
    const funded = chain.fund(buyer.publicKey(), 5n * PI)
    const [newest] = chain.transactions({ order: 'desc', limit: 1 })
    expect(newest?.hash).toBe(funded.hash)
    expect(funded.createdAt.getTime()).toBeGreaterThan(start)
  })
})

describe('importHistory refuses inconsistent history', () => {
  const genesis = new Date(Date.now() - 10 * DAY)
  const fresh = (): { chain: SimChain; payer: string; payee: string } => {
    const payer = Keypair.random().publicKey()
    const payee = Keypair.random().publicKey()
    const chain = new SimChain({ ledgerIntervalMs: null, genesisTime: genesis, accounts: [{ address: payer, balance: 10n * PI }, { address: payee, balance: 10n * PI }] })
    return { chain, payer, payee }
  }
  const at = (offsetMs: number): number => genesis.getTime() + offsetMs

  it('a payment the payer cannot afford (record #1), leaving the ledger as it was before it', () => {
    const { chain, payer, payee } = fresh()
    const records: HistoryRecord[] = [
      { createdAt: at(5000), source: payer, operations: [{ kind: 'payment', from: payer, to: payee, amount: 1n * PI }] },
      { createdAt: at(9000), source: payer, operations: [{ kind: 'payment', from: payer, to: payee, amount: 9n * PI }] }
    ]
    expect(() => chain.importHistory(records)).toThrow(/history record #1: operations fail on this ledger: op_underfunded/)
    expect(chain.account(payer)?.balance).toBe(9n * PI - BigInt(BASE_FEE))
    expect(chain.transactions({ order: 'asc', limit: 10 })).toHaveLength(1)
  })

  it('records out of time order, or in the future', () => {
    const { chain, payer, payee } = fresh()
    const payment = { kind: 'payment' as const, from: payer, to: payee, amount: 1n }
    expect(() => chain.importHistory([{ createdAt: at(9000), source: payer, operations: [payment] }, { createdAt: at(5000), source: payer, operations: [payment] }])).toThrow(ImportError)
    expect(() => chain.importHistory([{ createdAt: Date.now() + DAY, source: payer, operations: [payment] }])).toThrow(/in the future/)
  })

  it('a source that does not exist yet, and an invalid address', () => {
    const { chain, payee } = fresh()
    const stranger = Keypair.random().publicKey()
    expect(() => chain.importHistory([{ createdAt: at(1000), source: stranger, operations: [{ kind: 'payment', from: stranger, to: payee, amount: 1n }] }])).toThrow(/does not exist yet/)
    expect(() => chain.importHistory([{ createdAt: at(1000), source: 'GNOTANADDRESS', operations: [{ kind: 'payment', from: payee, to: payee, amount: 1n }] }])).toThrow(/not an account address/)
  })

  it('a hash already on the ledger, before touching any balance', () => {
    const { chain, payer, payee } = fresh()
    const hash = 'ab'.repeat(32)
    const payment = { kind: 'payment' as const, from: payer, to: payee, amount: PI }
    chain.importHistory([{ createdAt: at(1000), source: payer, hash, operations: [payment] }])
    const balance = chain.account(payer)?.balance
    expect(() => chain.importHistory([{ createdAt: at(2000), source: payer, hash, operations: [payment] }])).toThrow(/already on the ledger/)
    expect(chain.account(payer)?.balance).toBe(balance)
    expect(chain.transaction(hash)?.ledger).toBeGreaterThan(0)
  })

  it('lets history go under the empty ledgers the idle timer closed, but never under a transaction', () => {
    const { chain, payer, payee } = fresh()
    chain.closeLedger()
    chain.closeLedger()
    const payment = { kind: 'payment' as const, from: payer, to: payee, amount: PI }
    const summary = chain.importHistory([{ createdAt: at(1000), source: payer, operations: [payment] }])
    expect(summary.firstLedger).toBe(2)
    expect(chain.latestLedger().sequence).toBe(2)
    chain.fund(payee, PI)
    expect(() => chain.importHistory([{ createdAt: at(2000), source: payer, operations: [payment] }])).toThrow(/before the latest ledger/)
  })

  it('a text memo longer than 28 bytes', () => {
    const { chain, payer, payee } = fresh()
    expect(() =>
      chain.importHistory([{ createdAt: at(1000), source: payer, memo: { type: 'text', value: 'é'.repeat(15) }, operations: [{ kind: 'payment', from: payer, to: payee, amount: 1n }] }])
    ).toThrow(/30 bytes/)
  })

  it('records a decided failure: fee charged, no money moved, listed only with failed transactions', () => {
    const { chain, payer, payee } = fresh()
    chain.importHistory([
      {
        createdAt: at(1000),
        source: payer,
        successful: false,
        resultCodes: { transaction: 'tx_failed', operations: ['op_underfunded'] },
        operations: [{ kind: 'payment', from: payer, to: payee, amount: 100n * PI }]
      }
    ])
    expect(chain.account(payer)?.balance).toBe(10n * PI - BigInt(BASE_FEE))
    expect(chain.account(payee)?.balance).toBe(10n * PI)
    expect(chain.accountTransactions(payer, { order: 'asc', limit: 10 })).toHaveLength(0)
    const [failed] = chain.accountTransactions(payer, { order: 'asc', limit: 10, includeFailed: true })
    expect(failed?.resultCodes).toEqual({ transaction: 'tx_failed', operations: ['op_underfunded'] })
  })
})
