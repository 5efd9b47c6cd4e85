import { NetworkError } from '@stellar/stellar-sdk'
import axios from 'axios'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { FaultPlan } from '../../../src/sandbox/http/faults'
import { buildTransaction, pay } from '../chain/envelopes'
import { problemOf, sequenceOf, startSandbox, type Sandbox } from './sandbox'

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox()
})

afterEach(() => sandbox.horizon.faults.clear())

afterAll(() => sandbox.close())

const get = (path: string, timeout = 2000): Promise<{ status: number; data: unknown; headers: Record<string, unknown> }> =>
  axios.get(`${sandbox.horizon.url}${path}`, { validateStatus: () => true, timeout, transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: false } })

describe('fault injection on the Horizon simulator', () => {
  it('latency: answers normally, after the delay', async () => {
    sandbox.horizon.faults.add({ route: 'GET /accounts/:account_id', kind: 'latency', ms: 250, times: 1 })
    const started = Date.now()
    const account = await sandbox.server.loadAccount(sandbox.alice.publicKey())
    expect(Date.now() - started).toBeGreaterThanOrEqual(240)
    expect(account.account_id).toBe(sandbox.alice.publicKey())
    const again = Date.now()
    await sandbox.server.loadAccount(sandbox.alice.publicKey())
    expect(Date.now() - again).toBeLessThan(240)
  })

  it('latency beyond the client\'s patience: the client times out, the payment still lands', async () => {
    const { chain, alice, bob } = sandbox
    sandbox.horizon.faults.add({ route: 'POST /transactions', kind: 'latency', ms: 400, times: 1 })
    const tx = buildTransaction({ source: alice, sequence: sequenceOf(chain, alice), operations: [pay(bob.publicKey(), '1')] })
    const response = axios.post(`${sandbox.horizon.url}/transactions`, `tx=${encodeURIComponent(tx.toEnvelope().toXDR('base64'))}`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      timeout: 100
    })
    await expect(response).rejects.toMatchObject({ code: 'ECONNABORTED' })
    expect(chain.transaction(tx.hash().toString('hex'))).toBeUndefined()
    await new Promise((resolve) => setTimeout(resolve, 450))
    expect(chain.transaction(tx.hash().toString('hex'))?.successful).toBe(true)
  })

  it('timeout: never answers, so the client gives up; nothing is applied', async () => {
    const { server, chain, alice, bob } = sandbox
    sandbox.horizon.faults.add({ route: 'POST /transactions', kind: 'timeout', times: 1 })
    const tx = buildTransaction({ source: alice, sequence: sequenceOf(chain, alice), operations: [pay(bob.publicKey(), '1')] })
    const response = axios.post(`${sandbox.horizon.url}/transactions`, `tx=${encodeURIComponent(tx.toEnvelope().toXDR('base64'))}`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      timeout: 300
    })
    await expect(response).rejects.toMatchObject({ code: 'ECONNABORTED' })
    expect(chain.transaction(tx.hash().toString('hex'))).toBeUndefined()
    expect((await server.submitTransaction(tx)).successful).toBe(true)
  })

  it.each([500, 502, 503])('html500: an nginx HTML page with status %i instead of JSON', async (status) => {
    sandbox.horizon.faults.add({ route: 'GET /fee_stats', kind: 'html500', status, times: 1 })
    const response = await get('/fee_stats')
    expect(response.status).toBe(status)
    expect(response.headers['content-type']).toBe('text/html')
    expect(String(response.data)).toMatch(new RegExp(`<center><h1>${status} [A-Za-z ]+</h1></center>\\r\\n<hr><center>nginx</center>`))
    expect((await get('/fee_stats')).status).toBe(200)
  })

  it('status429: Horizon\'s rate-limit problem with Retry-After', async () => {
    sandbox.horizon.faults.add({ route: 'GET /accounts/*', kind: 'status429', retryAfter: 7, times: 2 })
    const error = await sandbox.server.loadAccount(sandbox.bob.publicKey()).then(
      () => undefined,
      (e: unknown) => e
    )
    // stellar-sdk's call builders wrap non-404 failures in NetworkError, keeping the problem body.
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).getResponse()).toMatchObject({ type: 'https://stellar.org/horizon-errors/rate_limit_exceeded', title: 'Rate Limit Exceeded', status: 429 })
    const raw = await get(`/accounts/${sandbox.bob.publicKey()}`)
    expect(raw.status).toBe(429)
    expect(raw.headers['retry-after']).toBe('7')
    expect(raw.headers['content-type']).toBe('application/problem+json; charset=utf-8')
  })

  it('malformedJson: a 200 whose JSON body is cut short', async () => {
    sandbox.horizon.faults.add({ route: 'GET /', kind: 'malformedJson', times: 1 })
    const response = await get('/')
    expect(response.status).toBe(200)
    expect(typeof response.data).toBe('string')
    expect(() => JSON.parse(String(response.data))).toThrow(SyntaxError)
    expect(String(response.data).startsWith('{"_links":')).toBe(true)
  })

  it('applyThen504: the payment lands, the client hears 504, resubmitting the same envelope returns it', async () => {
    const { server, chain, alice, bob } = sandbox
    sandbox.horizon.faults.add({ route: 'POST /transactions', kind: 'applyThen504', times: 1 })
    const before = chain.account(bob.publicKey())?.balance ?? 0n
    const tx = buildTransaction({ source: alice, sequence: sequenceOf(chain, alice), operations: [pay(bob.publicKey(), '4')], memo: 'refund-504' })
    const error = await server.submitTransaction(tx).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(problemOf(error)).toMatchObject({ status: 504, data: { type: 'https://stellar.org/horizon-errors/timeout', title: 'Timeout', status: 504 } })
    const hash = tx.hash().toString('hex')
    expect(chain.transaction(hash)?.successful).toBe(true)
    expect(chain.account(bob.publicKey())?.balance).toBe(before + 40_000_000n)

    const resubmitted = await server.submitTransaction(tx)
    expect(resubmitted.hash).toBe(hash)
    expect(chain.account(bob.publicKey())?.balance).toBe(before + 40_000_000n)
  })

  it('reset: the connection drops without an answer', async () => {
    sandbox.horizon.faults.add({ route: '/ledgers', kind: 'reset', times: 1 })
    await expect(axios.get(`${sandbox.horizon.url}/ledgers`)).rejects.toMatchObject({ code: 'ECONNRESET' })
  })

  it('skip and times: lets the first matching requests through, then fails the next ones only', async () => {
    const id = sandbox.horizon.faults.add({ route: /^GET \/accounts\/G[A-Z0-9]+\/payments$/, kind: 'html500', skip: 2, times: 2 })
    const path = `/accounts/${sandbox.bob.publicKey()}/payments`
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await get(path)).status)
    expect(statuses).toEqual([200, 200, 500, 500, 200])
    expect(sandbox.horizon.faults.list().find((fault) => fault.id === id)).toBeUndefined()
  })

  it('a plan shared between servers can be scripted from outside and cleared', () => {
    const plan = new FaultPlan()
    const id = plan.add({ route: 'GET /v2/payments/:id', kind: 'status429' })
    expect(plan.take({ method: 'GET', path: '/v2/payments/abc', route: 'GET /v2/payments/:id' })?.kind).toBe('status429')
    expect(plan.take({ method: 'GET', path: '/v2/payments/abc', route: 'GET /v2/payments/:id' })?.kind).toBe('status429')
    expect(plan.take({ method: 'POST', path: '/v2/payments', route: 'POST /v2/payments' })).toBeUndefined()
    plan.remove(id)
    expect(plan.take({ method: 'GET', path: '/v2/payments/abc', route: 'GET /v2/payments/:id' })).toBeUndefined()
  })
})

describe('the request log', () => {
  it('counts what the simulator received, per route, with status and fault', async () => {
    const { horizon, server, alice } = sandbox
    horizon.requests.clear()
    horizon.faults.add({ route: 'GET /accounts/:account_id', kind: 'html500', status: 503, times: 1 })
    await server.loadAccount(alice.publicKey()).catch(() => undefined)
    await server.loadAccount(alice.publicKey())
    await server.feeStats()

    expect(horizon.requests.count()).toBe(3)
    expect(horizon.requests.count('GET /accounts/:account_id')).toBe(2)
    expect(horizon.requests.count(`GET /accounts/${alice.publicKey()}`)).toBe(2)
    expect(horizon.requests.count('GET /fee_stats')).toBe(1)
    expect(horizon.requests.count('POST /transactions')).toBe(0)
    expect(horizon.requests.entries('GET /accounts/*').map((r) => [r.status, r.fault])).toEqual([
      [503, 'html500'],
      [200, undefined]
    ])
  })
})
