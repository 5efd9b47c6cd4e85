import type { ServerResponse } from 'node:http'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createHorizonClient, type AccountPaymentRecord, type HorizonClient, type HorizonError } from '../../../src/main/horizon'
import { html, recordingSleep, startTestServer, type TestServer } from '../pi/test-server'
import { APP, paymentOp } from './fixtures'

let server: TestServer
let client: HorizonClient
let waits: ReturnType<typeof recordingSleep>
let stop: (() => void) | undefined

beforeEach(async () => {
  server = await startTestServer()
  waits = recordingSleep()
  client = createHorizonClient({
    url: server.url,
    expectedPassphrase: 'Pi Testnet',
    sleep: waits.sleep,
    random: () => 0.5,
    retry: { baseDelayMs: 100, maxDelayMs: 1_000 }
  })
})
afterEach(async () => {
  stop?.()
  await server.close()
})

function openStream(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream' })
  res.write('retry: 1000\nevent: open\ndata: "hello"\n\n')
}

function send(res: ServerResponse, record: Record<string, unknown>): void {
  res.write(`id: ${String(record.paging_token)}\ndata: ${JSON.stringify(record)}\n\n`)
}

function collect(): { payments: AccountPaymentRecord[]; errors: HorizonError[] } {
  return { payments: [], errors: [] }
}

describe('streamPayments', () => {
  it('delivers typed records, reconnects after the server drops it, and resumes after the last one', async () => {
    server.handle((req, res, index) => {
      openStream(res)
      if (index === 0) {
        send(res, paymentOp(1))
        // Split one event across two writes: the parser must wait for the blank line.
        const second = `id: ${2 * 4096}\ndata: ${JSON.stringify(paymentOp(2, { amount: '0.0000001' }))}\n\n`
        res.write(second.slice(0, 40))
        setTimeout(() => {
          res.write(second.slice(40))
          setTimeout(() => res.socket?.destroy(), 20)
        }, 20)
      } else {
        send(res, paymentOp(3))
      }
    })
    const seen = collect()
    stop = client.streamPayments({
      account: APP,
      cursor: '100',
      onPayment: (record) => seen.payments.push(record),
      onError: (error) => seen.errors.push(error)
    })
    await vi.waitFor(() => expect(seen.payments).toHaveLength(3), { timeout: 5_000 })

    expect(seen.payments.map((p) => p.pagingToken)).toEqual(['4096', '8192', '12288'])
    expect(seen.payments[1]).toMatchObject({ kind: 'payment', amount: 1n })
    expect(server.requests).toHaveLength(2)
    expect(server.requests[0]?.path).toBe(`/accounts/${APP}/payments`)
    expect(server.requests[0]?.headers.accept).toBe('text/event-stream')
    expect(server.requests[0]?.query.get('cursor')).toBe('100')
    expect(server.requests[0]?.query.get('join')).toBe('transactions')
    expect(server.requests[1]?.query.get('cursor')).toBe('8192')
    expect(seen.errors.map((e) => e.code)).toEqual(['horizon_unreachable'])
  })

  it('backs off while Horizon refuses, honouring Retry-After, then streams', async () => {
    server.handle((_req, res, index) => {
      if (index === 0) return html(res, 503)
      if (index === 1) return html(res, 502)
      if (index === 2) {
        res.writeHead(429, { 'Retry-After': '3' })
        return res.end()
      }
      openStream(res)
      send(res, paymentOp(1))
    })
    const seen = collect()
    stop = client.streamPayments({
      account: APP,
      onPayment: (record) => seen.payments.push(record),
      onError: (error) => seen.errors.push(error)
    })
    await vi.waitFor(() => expect(seen.payments).toHaveLength(1), { timeout: 5_000 })
    expect(server.requests[0]?.query.get('cursor')).toBe('now')
    expect(seen.errors.map((e) => e.code)).toEqual(['horizon_unavailable', 'horizon_unavailable', 'horizon_rate_limited'])
    // Growing windows (half of 100, half of 200) and then the server's own 3 s.
    expect(waits.delays).toEqual([50, 100, 3_000])
  })

  it('reconnects when the stream goes silent', async () => {
    server.handle((_req, res, index) => {
      openStream(res)
      if (index === 1) send(res, paymentOp(1))
    })
    const seen = collect()
    stop = client.streamPayments({
      account: APP,
      idleTimeoutMs: 150,
      onPayment: (record) => seen.payments.push(record),
      onError: (error) => seen.errors.push(error)
    })
    await vi.waitFor(() => expect(seen.payments).toHaveLength(1), { timeout: 5_000 })
    expect(seen.errors[0]?.message).toContain('went silent')
  })

  it('reports an unreadable record and moves past it', async () => {
    server.handle((_req, res, index) => {
      openStream(res)
      if (index === 0) {
        send(res, paymentOp(1, { amount: 'lots' }))
        send(res, paymentOp(2))
      }
    })
    const seen = collect()
    stop = client.streamPayments({
      account: APP,
      onPayment: (record) => seen.payments.push(record),
      onError: (error) => seen.errors.push(error)
    })
    await vi.waitFor(() => expect(seen.payments).toHaveLength(1), { timeout: 5_000 })
    expect(seen.payments[0]?.pagingToken).toBe('8192')
    expect(seen.errors[0]?.code).toBe('horizon_malformed_answer')
    expect(seen.errors[0]?.message).toContain('amount')
  })

  it('stops for good when stopped: no further connection', async () => {
    server.handle((_req, res) => {
      openStream(res)
      send(res, paymentOp(1))
    })
    const seen = collect()
    stop = client.streamPayments({ account: APP, onPayment: (record) => seen.payments.push(record) })
    await vi.waitFor(() => expect(seen.payments).toHaveLength(1), { timeout: 5_000 })
    stop()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(server.requests).toHaveLength(1)
  })
})
