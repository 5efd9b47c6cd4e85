import { Keypair, NotFoundError, xdr } from '@stellar/stellar-sdk'
import axios from 'axios'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_FEE, buildTransaction, pay } from '../chain/envelopes'
import { sequenceOf, startSandbox, type Sandbox } from './sandbox'

let sandbox: Sandbox
let paymentHash: string

beforeAll(async () => {
  sandbox = await startSandbox()
  const { chain, alice, bob, server } = sandbox
  const tx = buildTransaction({ source: alice, sequence: sequenceOf(chain, alice), operations: [pay(bob.publicKey(), '2.06')], memo: 'refund-1' })
  paymentHash = (await server.submitTransaction(tx)).hash
})

afterAll(() => sandbox.close())

const get = (path: string): Promise<{ status: number; data: Record<string, unknown>; headers: Record<string, unknown> }> =>
  axios.get(`${sandbox.horizon.url}${path}`, { validateStatus: () => true })

describe('GET /', () => {
  it('names the network and the latest ledger', async () => {
    const root = await sandbox.server.root()
    const latest = sandbox.chain.latestLedger()
    expect(root).toMatchObject({
      network_passphrase: 'Pi Testnet',
      history_latest_ledger: latest.sequence,
      core_latest_ledger: latest.sequence,
      history_elder_ledger: 1,
      current_protocol_version: 19
    })
    expect(root.horizon_version).toMatch(/pi-sandbox/)
    const links = (root as unknown as { _links: Record<string, { href: string; templated?: boolean }> })._links
    expect(links.account).toEqual({ href: `${sandbox.horizon.url}/accounts/{account_id}`, templated: true })
  })

  it("answers with the ledger clock in the Date header, which stellar-sdk's timebounds follow", async () => {
    sandbox.chain.advanceTime(3_600_000)
    const response = await get('/')
    const served = Date.parse(String(response.headers.date))
    expect(Math.abs(served - sandbox.chain.now().getTime())).toBeLessThan(1500)
    expect(Math.abs(served - Date.now() - 3_600_000)).toBeLessThan(5000)
  })
})

describe('GET /accounts/{G}', () => {
  it('returns the account as Horizon shapes it', async () => {
    const { server, bob, chain } = sandbox
    const account = await server.loadAccount(bob.publicKey())
    const details = chain.accountDetails(bob.publicKey())
    expect(account).toMatchObject({
      id: bob.publicKey(),
      account_id: bob.publicKey(),
      sequence: details?.sequence.toString(),
      subentry_count: 0,
      last_modified_ledger: details?.lastModifiedLedger,
      thresholds: { low_threshold: 0, med_threshold: 0, high_threshold: 0 },
      flags: { auth_required: false, auth_revocable: false, auth_immutable: false, auth_clawback_enabled: false },
      balances: [{ balance: '12.0600000', buying_liabilities: '0.0000000', selling_liabilities: '0.0000000', asset_type: 'native' }],
      signers: [{ weight: 1, key: bob.publicKey(), type: 'ed25519_public_key' }],
      paging_token: bob.publicKey()
    })
    expect(account.data_attr).toEqual({})
    expect(account.sequenceNumber()).toBe(details?.sequence.toString())
  })

  it('carries sequence_ledger once the account has sent a transaction', async () => {
    const { data } = await get(`/accounts/${sandbox.alice.publicKey()}`)
    expect(data.sequence_ledger).toBe(sandbox.chain.transaction(paymentHash)?.ledger)
    expect(typeof data.sequence_time).toBe('string')
  })

  it('answers 404 problem+json for an account that does not exist', async () => {
    const missing = Keypair.random().publicKey()
    await expect(sandbox.server.loadAccount(missing)).rejects.toBeInstanceOf(NotFoundError)
    const response = await get(`/accounts/${missing}`)
    expect(response.status).toBe(404)
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(response.data).toMatchObject({ type: 'https://stellar.org/horizon-errors/not_found', title: 'Resource Missing', status: 404 })
    expect(String(response.data.detail)).toContain('not found')
  })

  it('answers 400 for something that is not an account address', async () => {
    const response = await get('/accounts/GABC')
    expect(response.status).toBe(400)
    expect(response.data).toMatchObject({ type: 'https://stellar.org/horizon-errors/bad_request', extras: { invalid_field: 'account_id' } })
  })
})

describe('GET /transactions/{hash}', () => {
  it('returns the landed transaction with its memo and links', async () => {
    const record = await sandbox.server.transactions().transaction(paymentHash).call()
    const chainTx = sandbox.chain.transaction(paymentHash)
    expect(record).toMatchObject({
      id: paymentHash,
      hash: paymentHash,
      successful: true,
      ledger_attr: chainTx?.ledger,
      paging_token: chainTx?.pagingToken,
      memo_type: 'text',
      memo: 'refund-1',
      memo_bytes: Buffer.from('refund-1').toString('base64'),
      fee_charged: String(BASE_FEE),
      operation_count: 1,
      source_account: sandbox.alice.publicKey(),
      created_at: chainTx?.createdAt.toISOString().replace('.000Z', 'Z')
    })
    expect(record.signatures).toHaveLength(1)
    expect(xdr.TransactionMeta.fromXDR(record.result_meta_xdr, 'base64').switch()).toBe(2)
    const operations = await record.operations()
    expect(operations.records.map((op) => [op.type, (op as unknown as { amount: string }).amount])).toEqual([['payment', '2.0600000']])
  })

  it('answers 404 for an unknown hash and 400 for a malformed one', async () => {
    expect((await get(`/transactions/${'a'.repeat(64)}`)).status).toBe(404)
    expect((await get(`/transactions/${'a'.repeat(64)}/operations`)).status).toBe(404)
    const malformed = await get('/transactions/XYZ')
    expect(malformed.status).toBe(400)
    expect(malformed.data).toMatchObject({ extras: { invalid_field: 'tx_id' } })
  })
})

describe('GET /ledgers, /ledgers/{n}, /fee_stats, /operations/{id}', () => {
  it('gives the latest ledger with Pi base fee and reserve', async () => {
    const page = await sandbox.server.ledgers().order('desc').limit(1).call()
    const latest = sandbox.chain.latestLedger()
    expect(page.records).toHaveLength(1)
    expect(page.records[0]).toMatchObject({
      sequence: latest.sequence,
      base_fee_in_stroops: 100_000,
      base_reserve_in_stroops: 5_000_000,
      closed_at: latest.closedAt.toISOString().replace('.000Z', 'Z'),
      paging_token: (BigInt(latest.sequence) << 32n).toString(),
      total_coins: '100000000000.0000000'
    })
  })

  it('gives one ledger by sequence, with a header that decodes', async () => {
    const ledger = sandbox.chain.transaction(paymentHash)?.ledger ?? 0
    const { status, data } = await get(`/ledgers/${ledger}`)
    expect(status).toBe(200)
    expect(data).toMatchObject({ sequence: ledger, successful_transaction_count: 1, failed_transaction_count: 0, operation_count: 1 })
    expect(xdr.LedgerHeader.fromXDR(String(data.header_xdr), 'base64').ledgerSeq()).toBe(ledger)
    expect((await get('/ledgers/99999999')).status).toBe(404)
  })

  it('gives fee statistics in stroops as strings, never below the Pi base fee', async () => {
    const stats = await sandbox.server.feeStats()
    expect(stats.last_ledger_base_fee).toBe('100000')
    expect(stats.last_ledger).toBe(String(sandbox.chain.latestLedger().sequence))
    expect(stats.fee_charged).toMatchObject({ min: '100000', p50: '100000', p99: '100000', mode: '100000' })
    expect(stats.max_fee.p95).toBe('100000')
  })

  it('gives one operation by id', async () => {
    const [op] = sandbox.chain.transactionOperations(paymentHash, { order: 'asc', limit: 1 }) ?? []
    const { status, data } = await get(`/operations/${op?.id}`)
    expect(status).toBe(200)
    expect(data).toMatchObject({ id: op?.id, type: 'payment', type_i: 1, transaction_hash: paymentHash, amount: '2.0600000', asset_type: 'native' })
    expect((await get('/operations/12345')).status).toBe(404)
  })
})

describe('unknown routes and methods', () => {
  it('answers 404 problem+json for a path Horizon does not serve', async () => {
    const response = await get('/claimable_balances')
    expect(response.status).toBe(404)
    expect(response.data).toMatchObject({ type: 'https://stellar.org/horizon-errors/not_found', status: 404 })
  })

  it('answers 405 for a method a path does not take', async () => {
    const response = await axios.delete(`${sandbox.horizon.url}/transactions`, { validateStatus: () => true })
    expect(response.status).toBe(405)
  })
})
