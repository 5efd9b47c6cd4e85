import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTransaction, pay } from '../chain/envelopes'
import { sequenceOf, startSandbox, type Sandbox } from './sandbox'

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox()
})

afterAll(() => sandbox.close())

function payBob(amount: string, memo: string): string {
  const { chain, alice, bob } = sandbox
  const outcome = chain.submit(buildTransaction({ source: alice, sequence: sequenceOf(chain, alice), operations: [pay(bob.publicKey(), amount)], memo }).toEnvelope().toXDR('base64'))
  if (outcome.kind !== 'applied') throw new Error('payment failed')
  return outcome.transaction.hash
}

async function until<T>(read: () => readonly T[], count: number, timeoutMs = 5000): Promise<readonly T[]> {
  const deadline = Date.now() + timeoutMs
  while (read().length < count) {
    if (Date.now() > deadline) throw new Error(`only ${read().length} of ${count} events arrived`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return read()
}

/** Waits until the simulator has the stream open (its request is logged when it arrives). */
async function streamOpened(path: string): Promise<void> {
  await until(() => sandbox.horizon.requests.entries((r) => r.path === path), 1)
  await new Promise((resolve) => setTimeout(resolve, 50))
}

describe('server-sent events', () => {
  it("delivers new payments to stellar-sdk's stream() with cursor('now'), joined transaction included", async () => {
    const { server, bob } = sandbox
    const received: { amount: string; paging_token: string; transaction_attr?: { memo: string } }[] = []
    const errors: unknown[] = []
    const close = server
      .payments()
      .forAccount(bob.publicKey())
      .cursor('now')
      .join('transactions')
      .stream({ onmessage: (record) => received.push(record as unknown as (typeof received)[number]), onerror: (error) => errors.push(error) })
    try {
      await streamOpened(`/accounts/${bob.publicKey()}/payments`)
      const first = payBob('1.25', 'stream-1')
      const second = payBob('2.5', 'stream-2')
      const events = await until(() => received, 2)
      expect(events.map((e) => [e.amount, e.transaction_attr?.memo])).toEqual([
        ['1.2500000', 'stream-1'],
        ['2.5000000', 'stream-2']
      ])
      const ops = sandbox.chain.transactionOperations(second, { order: 'asc', limit: 1 })
      expect(events[1]?.paging_token).toBe(ops?.[0]?.pagingToken)
      expect(sandbox.chain.transaction(first)?.successful).toBe(true)
      expect(errors).toEqual([])
    } finally {
      close()
    }
  })

  it('replays history after a cursor first, then keeps streaming', async () => {
    const { server, bob, chain } = sandbox
    const [oldest] = chain.accountOperations(bob.publicKey(), { order: 'asc', limit: 1 })
    const received: { amount?: string; starting_balance?: string }[] = []
    const close = server
      .payments()
      .forAccount(bob.publicKey())
      .cursor(oldest?.pagingToken ?? '')
      .stream({ onmessage: (record) => received.push(record as unknown as (typeof received)[number]) })
    try {
      const history = chain.accountOperations(bob.publicKey(), { order: 'asc', limit: 200 }).length - 1
      await until(() => received, history)
      payBob('3', 'stream-3')
      const events = await until(() => received, history + 1)
      expect(events.at(-1)?.amount).toBe('3.0000000')
      expect(events.map((e) => e.amount)).not.toContain(undefined)
    } finally {
      close()
    }
  })

  it('streams account transactions too', async () => {
    const { server, alice } = sandbox
    const received: { hash: string }[] = []
    const close = server
      .transactions()
      .forAccount(alice.publicKey())
      .cursor('now')
      .stream({ onmessage: (record) => received.push(record as unknown as { hash: string }) })
    try {
      await streamOpened(`/accounts/${alice.publicKey()}/transactions`)
      const hash = payBob('4', 'stream-4')
      expect((await until(() => received, 1))[0]?.hash).toBe(hash)
    } finally {
      close()
    }
  })

  it('speaks the wire format Horizon does: retry, the open/hello event, then id and data per record', async () => {
    const { horizon, bob } = sandbox
    const chunks: string[] = []
    const request = http.get(`${horizon.url}/accounts/${bob.publicKey()}/payments?cursor=now`, { headers: { Accept: 'text/event-stream' } }, (response) => {
      expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8')
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => chunks.push(chunk))
    })
    try {
      await until(() => chunks, 1)
      const hash = payBob('5', 'stream-5')
      await until(() => chunks.join('').split('\n\n').filter((frame) => frame.includes('"5.0000000"')), 1)
      const [hello, event] = chunks.join('').split('\n\n')
      expect(hello).toBe('retry: 1000\nevent: open\ndata: "hello"')
      const op = sandbox.chain.transactionOperations(hash, { order: 'asc', limit: 1 })?.[0]
      expect(event).toMatch(new RegExp(`^id: ${op?.pagingToken}\ndata: \\{`))
      expect(JSON.parse(event?.split('\ndata: ')[1] ?? '{}')).toMatchObject({ type: 'payment', amount: '5.0000000', transaction_hash: hash })
    } finally {
      request.destroy()
    }
  })

  it('lets go of the chain when its client goes away', async () => {
    const { horizon, bob, chain } = sandbox
    // Earlier tests closed their streams; the server notices each within a moment.
    await until(() => (chain.subscriberCount().transactions === 0 ? [true] : []), 1)
    const baseline = 0
    const request = http.get(`${horizon.url}/accounts/${bob.publicKey()}/payments?cursor=now`, { headers: { Accept: 'text/event-stream' } })
    await new Promise((resolve) => request.on('response', resolve))
    expect(chain.subscriberCount().transactions).toBe(baseline + 1)
    request.destroy()
    await until(() => (chain.subscriberCount().transactions === baseline ? [true] : []), 1)
    expect(chain.subscriberCount().transactions).toBe(baseline)
  })
})
