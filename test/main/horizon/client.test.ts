import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHorizonClient, HorizonError, type HorizonClient } from '../../../src/main/horizon'
import { UserFacingError } from '../../../src/shared/errors'
import { html, json, recordingSleep, startTestServer, type TestServer } from '../pi/test-server'
import { APP, BUYER, MEMO, accountRecord, createAccountOp, hashOf, page, paymentOp, txRecord } from './fixtures'

let server: TestServer
let client: HorizonClient
let waits: ReturnType<typeof recordingSleep>

beforeEach(async () => {
  server = await startTestServer()
  waits = recordingSleep()
  client = createHorizonClient({
    url: server.url,
    expectedPassphrase: 'Pi Testnet',
    timeoutMs: 300,
    sleep: waits.sleep,
    random: () => 0.5,
    retry: { baseDelayMs: 100 }
  })
})
afterEach(() => server.close())

async function errorOf(promise: Promise<unknown>): Promise<HorizonError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(HorizonError)
  return error as HorizonError
}

describe('checkNetwork', () => {
  it('accepts the expected passphrase and reports the server', async () => {
    server.handle((_req, res) =>
      json(res, 200, { network_passphrase: 'Pi Testnet', horizon_version: '2.1', core_version: 'pi-core', history_latest_ledger: 9 })
    )
    await expect(client.checkNetwork()).resolves.toEqual({
      passphrase: 'Pi Testnet',
      horizonVersion: '2.1',
      coreVersion: 'pi-core',
      historyLatestLedger: 9
    })
    expect(server.requests[0]?.path).toBe('/')
  })

  it('refuses a Horizon of another network with a sentence naming both', async () => {
    server.handle((_req, res) => json(res, 200, { network_passphrase: 'Pi Network' }))
    const error = await errorOf(client.checkNetwork())
    expect(error.code).toBe('wrong_network')
    expect(error.message).toMatch(/^This Horizon serves 'Pi Network' but the app is set to 'Pi Testnet'\./)
  })
})

describe('paymentsPage', () => {
  it('asks for transactions joined, ascending, 200 at a time from the cursor, failed ones included', async () => {
    server.handle((_req, res) => json(res, 200, page([])))
    const result = await client.paymentsPage({ account: APP, cursor: '4096' })
    const request = server.requests[0]
    expect(request?.path).toBe(`/accounts/${APP}/payments`)
    expect(Object.fromEntries(request?.query ?? [])).toMatchObject({
      join: 'transactions',
      order: 'asc',
      limit: '200',
      cursor: '4096',
      include_failed: 'true'
    })
    expect(result).toEqual({ records: [], cursor: '4096', lastPage: true })
  })

  it('types payment, create_account and other records, amounts in stroops, with the joined transaction', async () => {
    const other = { ...paymentOp(3), type: 'path_payment_strict_send', type_i: 13, amount: undefined }
    server.handle((_req, res) =>
      json(res, 200, page([createAccountOp(1), paymentOp(2, { amount: '0.0000001' }), other]))
    )
    const result = await client.paymentsPage({ account: APP, limit: 3 })
    expect(result.cursor).toBe(String(3 * 4096))
    expect(result.lastPage).toBe(false)
    const [created, payment, third] = result.records
    expect(created).toMatchObject({ kind: 'create_account', funder: BUYER, account: APP, startingBalance: 200_000_000n })
    expect(created?.transaction?.memoType).toBe('none')
    expect(created?.transaction?.memo).toBeNull()
    expect(payment).toMatchObject({
      kind: 'payment',
      from: BUYER,
      to: APP,
      amount: 1n,
      asset: { type: 'native' },
      pagingToken: String(2 * 4096),
      transactionHash: hashOf(2)
    })
    expect(payment?.transaction).toMatchObject({
      hash: hashOf(2),
      memo: MEMO,
      memoType: 'text',
      successful: true,
      ledger: 502,
      feeCharged: 100_000n,
      createdAt: new Date('2024-05-01T10:00:00Z'),
      pagingToken: '1002'
    })
    expect(third).toMatchObject({ kind: 'other', type: 'path_payment_strict_send' })
  })

  it('names the field of a malformed record instead of returning a wrong row', async () => {
    server.handle((_req, res) => json(res, 200, page([paymentOp(1), paymentOp(2, { amount: '1.12345678' })])))
    const error = await errorOf(client.paymentsPage({ account: APP }))
    expect(error.code).toBe('horizon_malformed_answer')
    expect(error.message).toContain('records.1.amount')

    server.handle((_req, res) => json(res, 200, page([paymentOp(1, { transaction: undefined })])))
    expect((await errorOf(client.paymentsPage({ account: APP }))).message).toContain('records.0.transaction: missing')

    server.handle((_req, res) => json(res, 200, page([paymentOp(1, {}, { memo_type: 'banana' })])))
    expect((await errorOf(client.paymentsPage({ account: APP }))).message).toContain('records.0.transaction.memo_type')
  })

  it('keeps an issued asset apart from Pi', async () => {
    server.handle((_req, res) =>
      json(res, 200, page([paymentOp(1, { asset_type: 'credit_alphanum4', asset_code: 'USD', asset_issuer: BUYER })]))
    )
    const [record] = (await client.paymentsPage({ account: APP })).records
    expect(record).toMatchObject({ kind: 'payment', asset: { type: 'credit_alphanum4', code: 'USD', issuer: BUYER } })
  })

  it('refuses a bad address or cursor before sending', async () => {
    await expect(client.paymentsPage({ account: 'GABC' })).rejects.toBeInstanceOf(UserFacingError)
    await expect(client.paymentsPage({ account: APP, cursor: '1&limit=9' })).rejects.toMatchObject({ code: 'invalid_cursor' })
    expect(server.requests).toHaveLength(0)
  })
})

describe('single records', () => {
  it('reads a transaction, and null for an unknown hash', async () => {
    server.handle((req, res) =>
      req.path.endsWith(hashOf(7)) ? json(res, 200, txRecord(7, { successful: false })) : json(res, 404, { status: 404, title: 'Resource Missing' })
    )
    const tx = await client.transaction(hashOf(7).toUpperCase())
    expect(server.requests[0]?.path).toBe(`/transactions/${hashOf(7)}`)
    expect(tx).toMatchObject({ hash: hashOf(7), successful: false, ledger: 507, maxFee: 200_000n, operationCount: 1 })
    expect(tx?.validBefore).toEqual(new Date('2024-05-01T10:03:00Z'))
    await expect(client.transaction(hashOf(8))).resolves.toBeNull()
  })

  it("reads a transaction's operations, and null for an unknown hash", async () => {
    server.handle((req, res) =>
      req.path === `/transactions/${hashOf(7)}/operations`
        ? json(res, 200, page([{ ...paymentOp(7), transaction: undefined }]))
        : json(res, 404, { status: 404 })
    )
    const operations = await client.transactionOperations(hashOf(7))
    expect(operations).toHaveLength(1)
    expect(operations?.[0]).toMatchObject({ kind: 'payment', amount: 31_400_000n, to: APP })
    await expect(client.transactionOperations(hashOf(9))).resolves.toBeNull()
  })

  it('reads an account: native balance in stroops, sequence, subentries; null when it does not exist', async () => {
    server.handle((req, res) =>
      req.path === `/accounts/${APP}` ? json(res, 200, accountRecord()) : json(res, 404, { status: 404 })
    )
    await expect(client.account(APP)).resolves.toMatchObject({
      id: APP,
      balance: 20_600_000n,
      sellingLiabilities: 5_000_000n,
      sequence: 103079215104n,
      subentryCount: 2
    })
    await expect(client.account(BUYER)).resolves.toBeNull()
  })

  it('reads fee stats and the latest ledger (base fee, reserve, ledger clock)', async () => {
    const dist = { min: '100000', mode: '100000', p10: '100000', p50: '100000', p90: '150000', p99: '300000', max: '400000' }
    server.handle((req, res) =>
      req.path === '/fee_stats'
        ? json(res, 200, { last_ledger: '812', last_ledger_base_fee: '100000', ledger_capacity_usage: '0.25', fee_charged: dist, max_fee: dist })
        : json(res, 200, page([{ sequence: 812, hash: 'h', closed_at: '2024-05-01T10:00:05Z', base_fee_in_stroops: 100000, base_reserve_in_stroops: 10000000, protocol_version: 19 }]))
    )
    const fees = await client.feeStats()
    expect(fees).toMatchObject({ lastLedger: 812, lastLedgerBaseFee: 100_000n, ledgerCapacityUsage: 0.25 })
    expect(fees.maxFee.p90).toBe(150_000n)
    const ledger = await client.latestLedger()
    expect(Object.fromEntries(server.requests[1]?.query ?? [])).toMatchObject({ order: 'desc', limit: '1' })
    expect(ledger).toEqual({
      sequence: 812,
      hash: 'h',
      closedAt: new Date('2024-05-01T10:00:05Z'),
      baseFee: 100_000n,
      baseReserve: 10_000_000n,
      protocolVersion: 19
    })
  })
})

describe('findTransactionByMemo', () => {
  it('pages the account from the cursor until it finds memo = identifier', async () => {
    const firstPage = Array.from({ length: 200 }, (_, i) => txRecord(i, { memo: `other-${i}` }))
    server.handle((req, res) =>
      req.query.get('cursor') === '900'
        ? json(res, 200, page(firstPage))
        : json(res, 200, page([txRecord(300, { memo: 'x' }), txRecord(301, { successful: false }), txRecord(302)]))
    )
    const found = await client.findTransactionByMemo(APP, MEMO, { sinceCursor: '900' })
    expect(found).toMatchObject({ hash: hashOf(302), successful: true })
    expect(server.requests.map((r) => r.query.get('cursor'))).toEqual(['900', '1199'])
    expect(server.requests[0]?.path).toBe(`/accounts/${APP}/transactions`)
    expect(server.requests[0]?.query.get('include_failed')).toBe('true')
  })

  it('falls back to a failed match, and null when there is none', async () => {
    server.handle((_req, res) => json(res, 200, page([txRecord(1, { successful: false }), txRecord(2, { memo_type: 'hash' })])))
    await expect(client.findTransactionByMemo(APP, MEMO)).resolves.toMatchObject({ hash: hashOf(1), successful: false })
    await expect(client.findTransactionByMemo(APP, 'not-there')).resolves.toBeNull()
  })
})

describe('failures of reads', () => {
  it('retries 429 (honouring Retry-After) and 5xx HTML, then answers', async () => {
    server.handle((_req, res, i) =>
      i === 0
        ? json(res, 429, { status: 429, title: 'Rate Limit Exceeded' }, { 'Retry-After': '5' })
        : i === 1
          ? html(res, 502)
          : json(res, 200, accountRecord())
    )
    await expect(client.account(APP)).resolves.toMatchObject({ balance: 20_600_000n })
    expect(server.requests).toHaveLength(3)
    expect(waits.delays).toEqual([5_000, 100])
  })

  it('maps what is left after retries to a sentence', async () => {
    server.handle((_req, res) => html(res, 503))
    const unavailable = await errorOf(client.latestLedger())
    expect(unavailable.code).toBe('horizon_unavailable')
    expect(unavailable.message).toContain('HTTP 503')
    expect(server.requests).toHaveLength(4)

    server.handle((_req, res) => json(res, 429, { title: 'Rate Limit Exceeded' }))
    expect((await errorOf(client.feeStats())).code).toBe('horizon_rate_limited')

    server.handle(() => undefined)
    const timeout = await errorOf(client.transaction(hashOf(1)))
    expect(timeout.code).toBe('horizon_unreachable')

    server.handle((_req, res) => json(res, 400, { title: 'Bad Request', detail: 'The cursor is invalid.' }))
    const bad = await errorOf(client.paymentsPage({ account: APP, cursor: '5' }))
    expect(bad.code).toBe('horizon_bad_request')
    expect(bad.message).toContain('The cursor is invalid.')

    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end('<html>hi</html>')
    })
    expect((await errorOf(client.checkNetwork())).code).toBe('horizon_malformed_answer')
  })

  it('refuses plain http to a remote Horizon', () => {
    expect(() => createHorizonClient({ url: 'http://api.testnet.minepi.com', expectedPassphrase: 'Pi Testnet' })).toThrow(
      expect.objectContaining({ code: 'invalid_horizon_url' })
    )
  })
})

describe('transport', () => {
  it('gives each of two concurrent reads its own answer when they arrive out of order', async () => {
    server.handle((req, res) => {
      const n = req.path.endsWith(hashOf(1)) ? 1 : 2
      // The first request is answered last.
      setTimeout(() => json(res, 200, txRecord(n)), n === 1 ? 80 : 0)
    })
    const [one, two] = await Promise.all([client.transaction(hashOf(1)), client.transaction(hashOf(2))])
    expect(one?.hash).toBe(hashOf(1))
    expect(two?.hash).toBe(hashOf(2))
  })

  it('works under a path prefix', async () => {
    const prefixed = createHorizonClient({ url: `${server.url}/horizon`, expectedPassphrase: 'Pi Testnet' })
    server.handle((_req, res) => json(res, 200, page([])))
    await prefixed.paymentsPage({ account: APP })
    server.handle((_req, res) => json(res, 200, { network_passphrase: 'Pi Testnet' }))
    await prefixed.checkNetwork()
    expect(server.requests.map((r) => r.path)).toEqual([`/horizon/accounts/${APP}/payments`, '/horizon/'])
  })
})
