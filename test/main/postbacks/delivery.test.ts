// Postbacks against a real shop backend on loopback (receiver.ts), on the test's engine: the
// receiver verifies every signature with the shared secret; a shop that answers 500, hangs, resets
// or is down never loses a postback (retried with backoff for three days, then given up and still
// listed); a redelivery sends the same body with a new timestamp; and nothing is sent without a secret.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { withTransaction } from '../../../src/main/db'
import { claimNextPostback, listPostbacks, PostbackDeliverer, PostbackService, queueInvoicePostback, queuePostback, recordAttempt, type PostbackInput } from '../../../src/main/postbacks'
import { isUserFacingError } from '../../../src/shared/errors'
import { ledgerSql, openTempLedger, type TempLedger } from '../../support'
import { receiverAccepts, startReceiver, type TestReceiver } from './receiver'

const SECRET = 'whsec_test_7f3a9c'
const START = Date.UTC(2026, 11, 7, 12, 0, 0)
const BODY = JSON.stringify({ id: 'inv_4fZ9', status: 'paid', amount: '12.5000000', event: 'paid' })

let clock = START
let ledger: TempLedger
let shop: TestReceiver

beforeEach(async () => {
  clock = START
  ledger = openTempLedger({ now: () => new Date(clock) })
  shop = await startReceiver(SECRET)
  shop.nowSeconds = () => clock / 1000
})
afterEach(async () => {
  await shop.close()
  ledger.close()
})

function deliverer(options: { secret?: string | null; timeoutMs?: number } = {}): PostbackDeliverer {
  return new PostbackDeliverer({
    store: ledger.store,
    secret: () => (options.secret === undefined ? SECRET : options.secret),
    now: () => new Date(clock),
    timeoutMs: options.timeoutMs ?? 5_000
  })
}

async function queued(input: Partial<PostbackInput> = {}): Promise<number> {
  return withTransaction(ledger.store, (tx) =>
    queuePostback(tx, { networkId: 'sandbox', topic: 'invoice', subject: 'inv_4fZ9', event: 'paid', url: shop.url, body: BODY, ...input })
  )
}

async function attempts(id: number) {
  return ledgerSql(ledger.store).all<{ attempt: bigint; http_status: bigint | null; error: string | null; started_at: bigint }>(
    'SELECT attempt, http_status, error, started_at FROM postback_attempts WHERE postback_id = ? ORDER BY attempt',
    id
  )
}

async function postback(id: number) {
  const [view] = (await listPostbacks(ledger.store, { networkId: 'sandbox' })).filter((one) => one.id === id)
  if (view === undefined) throw new Error(`no postback ${id}`)
  return view
}

describe('a signed postback', () => {
  it('arrives with the exact body, a delivery id and a signature the shop verifies with the secret', async () => {
    const id = await queued()
    const round = await deliverer().runOnce()

    expect(round).toMatchObject({ attempts: 1, delivered: 1, retrying: 0, gaveUp: 0, paused: null })
    expect(shop.received).toHaveLength(1)
    const [got] = shop.received
    expect(got).toMatchObject({ body: BODY, deliveryId: String(id), contentType: 'application/json', timestamp: START / 1000, verified: true })
    expect(got?.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    expect(await postback(id)).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 200, lastError: null, nextAttemptAt: null, deliveredAt: new Date(START).toISOString() })
    expect((await attempts(id)).map((row) => row.http_status)).toEqual([200n])
  })

  it('fails the receiver’s check with a wrong secret, a tampered body or an old timestamp', async () => {
    await queued()
    await deliverer().runOnce()
    const [got] = shop.received
    if (got === undefined) throw new Error('nothing received')
    const now = START / 1000
    expect(receiverAccepts(SECRET, got.signature, got.body, now)).toBe(true)
    expect(receiverAccepts('another secret', got.signature, got.body, now)).toBe(false)
    expect(receiverAccepts(SECRET, got.signature, got.body.replace('12.5000000', '125.0000000'), now)).toBe(false)
    expect(receiverAccepts(SECRET, got.signature, `${got.body} `, now)).toBe(false)
    // Played again ten minutes later: the timestamp is too old, whatever the signature.
    expect(receiverAccepts(SECRET, got.signature, got.body, now + 600)).toBe(false)
    // A forged timestamp breaks the signature.
    expect(receiverAccepts(SECRET, got.signature?.replace(/t=\d+/, `t=${now + 600}`), got.body, now + 600)).toBe(false)
  })

  it('is signed by a deliverer with the wrong secret in a way the shop refuses', async () => {
    await queued()
    await deliverer({ secret: 'not the shop’s secret' }).runOnce()
    expect(shop.received.map((got) => got.verified)).toEqual([false])
  })
})

describe('a shop that does not acknowledge', () => {
  it('is retried after 500s, 30 s then 60 s later, until it answers 2xx, each try signed anew', async () => {
    shop.answers.push(500, 503)
    const id = await queued()
    const desk = deliverer()

    expect(await desk.runOnce()).toMatchObject({ attempts: 1, retrying: 1 })
    expect(await postback(id)).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 500, lastError: 'The shop answered HTTP 500.', nextAttemptAt: new Date(START + 30_000).toISOString() })
    // Not due yet: nothing is sent.
    clock += 29_000
    expect(await desk.runOnce()).toMatchObject({ attempts: 0 })
    clock += 1_000
    expect(await desk.runOnce()).toMatchObject({ attempts: 1, retrying: 1 })
    expect((await postback(id)).nextAttemptAt).toBe(new Date(START + 30_000 + 60_000).toISOString())
    clock += 60_000
    expect(await desk.runOnce()).toMatchObject({ attempts: 1, delivered: 1 })

    expect(shop.received.map((got) => [got.deliveryId, got.body, got.verified])).toEqual([
      [String(id), BODY, true],
      [String(id), BODY, true],
      [String(id), BODY, true]
    ])
    expect(shop.received.map((got) => got.timestamp)).toEqual([START / 1000, START / 1000 + 30, START / 1000 + 90])
    expect((await attempts(id)).map((row) => [row.attempt, row.http_status])).toEqual([[1n, 500n], [2n, 503n], [3n, 200n]])
    expect(await postback(id)).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200 })
  })

  it('that hangs is timed out and tried again', async () => {
    shop.answers.push('hang')
    const id = await queued()
    const desk = deliverer({ timeoutMs: 300 })
    expect(await desk.runOnce()).toMatchObject({ attempts: 1, retrying: 1 })
    const [first] = await attempts(id)
    expect(first).toMatchObject({ http_status: null, error: 'No answer within 0.3 s.' })
    clock += 30_000
    expect(await desk.runOnce()).toMatchObject({ attempts: 1, delivered: 1 })
    expect(shop.received).toHaveLength(2)
  })

  it('that resets the connection, then is down, keeps the postback pending, then gets it', async () => {
    shop.answers.push('reset')
    const id = await queued()
    const desk = deliverer()
    await desk.runOnce()
    expect((await attempts(id))[0]?.error).toMatch(/^The shop closed the connection before answering \((ECONNRESET|UND_ERR_SOCKET)\)\.$/)

    const url = shop.url
    await shop.shutDown()
    clock += 30_000
    await desk.runOnce()
    const down = (await attempts(id))[1]
    expect(down).toMatchObject({ http_status: null })
    expect(down?.error).toMatch(/^The shop refused the connection: .* \(ECONNREFUSED\)\.$/)
    expect(await postback(id)).toMatchObject({ state: 'pending', attempts: 2 })

    // The shop comes back at the same address.
    shop = await startReceiverAt(url)
    clock += 60_000
    expect(await desk.runOnce()).toMatchObject({ delivered: 1 })
    expect(shop.received.map((got) => got.verified)).toEqual([true])
  })

  it('is given up after three days of retries, the last try at the end of the three days', async () => {
    shop.otherwise = 500
    const id = await queued()
    const desk = deliverer()
    for (let round = 0; round < 200; round += 1) {
      await desk.runOnce()
      const view = await postback(id)
      if (view.state !== 'pending') break
      clock = Date.parse(view.nextAttemptAt ?? '')
    }
    const view = await postback(id)
    expect(view).toMatchObject({ state: 'gave_up', nextAttemptAt: null, lastStatus: 500, giveUpAt: new Date(START + 3 * 86_400_000).toISOString() })
    const tries = await attempts(id)
    expect(view.attempts).toBe(tries.length)
    const starts = tries.map((row) => Number(row.started_at))
    const gaps = starts.slice(1).map((at, index) => (at - (starts[index] ?? 0)) / 1000)
    // 30 s doubling, then never more than an hour apart; the last gap is what was left of the three days.
    expect(gaps.slice(0, 8)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600])
    expect(gaps.slice(8, -1).every((gap) => gap === 3600)).toBe(true)
    expect(gaps.at(-1)).toBeLessThanOrEqual(3600)
    expect(starts.at(-1)).toBe(START + 3 * 86_400_000)
    expect(shop.received).toHaveLength(tries.length)

    // Given up, it is no longer tried.
    clock += 86_400_000
    expect(await desk.runOnce()).toMatchObject({ attempts: 0 })
  }, 60_000)
})

describe('redelivery', () => {
  it('sends a delivered postback again, same body and delivery id, new timestamp, audited with the person', async () => {
    const id = await queued()
    const service = new PostbackService({ store: ledger.store, actor: () => 'maria', secret: () => SECRET, now: () => new Date(clock) })
    await service.deliverer.runOnce()

    clock += 3_600_000
    const view = await service.redeliver(id, 'sandbox')
    expect(view).toMatchObject({ id, state: 'pending', nextAttemptAt: new Date(clock).toISOString(), giveUpAt: new Date(clock + 3 * 86_400_000).toISOString() })
    expect(await service.deliverer.runOnce()).toMatchObject({ delivered: 1 })

    expect(shop.received.map((got) => [got.deliveryId, got.body, got.verified])).toEqual([
      [String(id), BODY, true],
      [String(id), BODY, true]
    ])
    expect(shop.received.map((got) => got.timestamp)).toEqual([START / 1000, START / 1000 + 3600])
    expect(shop.received[0]?.signature).not.toBe(shop.received[1]?.signature)
    expect(await postback(id)).toMatchObject({ state: 'delivered', attempts: 2 })

    const audit = await ledgerSql(ledger.store).all<{ action: string; actor: string; subject: string; before_json: string; after_json: string }>(
      "SELECT action, actor, subject, before_json, after_json FROM audit_log WHERE action = 'postback.redeliver'"
    )
    expect(audit.map((row) => [row.action, row.actor, row.subject, JSON.parse(row.before_json).state, JSON.parse(row.after_json).state])).toEqual([
      ['postback.redeliver', 'maria', 'inv_4fZ9', 'delivered', 'pending']
    ])
  })

  it('refuses a postback still being delivered, and one of another network, with a sentence', async () => {
    const id = await queued()
    const service = new PostbackService({ store: ledger.store, actor: () => 'maria', secret: () => SECRET })
    await expect(service.redeliver(id, 'sandbox')).rejects.toMatchObject({ code: 'postback_pending' })
    await expect(service.redeliver(id, 'testnet')).rejects.toMatchObject({ code: 'postback_not_found' })
    await expect(service.redeliver(id + 1, 'sandbox')).rejects.toThrow(/There is no postback number \d+ on this network/)
    expect(await ledgerSql(ledger.store).values("SELECT count(*) FROM audit_log WHERE action = 'postback.redeliver'")).toEqual([0n])
  })
})

describe('the journal', () => {
  it('refuses a URL that is not http(s), and writes nothing', async () => {
    for (const url of ['ftp://shop.example/hook', 'javascript:alert(1)', 'file:///etc/passwd', 'shop.example/hook', '']) {
      const error = await queued({ url }).catch((caught: unknown) => caught)
      expect(isUserFacingError(error) && error.code, url).toBe('invalid_postback_url')
    }
    expect(await ledgerSql(ledger.store).values('SELECT count(*) FROM postbacks')).toEqual([0n])
  })

  it('keeps a postback only with the transaction that wrote it', async () => {
    await expect(
      withTransaction(ledger.store, async (tx) => {
        await queuePostback(tx, { networkId: 'sandbox', topic: 'invoice', subject: 'inv_4fZ9', event: 'paid', url: shop.url, body: BODY })
        throw new Error('the change it reports was rolled back')
      })
    ).rejects.toThrow(/rolled back/)
    expect(await ledgerSql(ledger.store).values('SELECT count(*) FROM postbacks')).toEqual([0n])
  })

  it('sends nothing without a secret, and the list says why', async () => {
    const id = await queued()
    const service = new PostbackService({ store: ledger.store, actor: () => 'maria', secret: () => null })
    expect(await service.deliverer.runOnce()).toMatchObject({ attempts: 0, paused: expect.stringMatching(/no postback secret is set \(MERCHANT_DESK_POSTBACK_SECRET/) })
    const list = await service.list({ networkId: 'sandbox' })
    expect(list.paused).toMatch(/^Postbacks are not being sent: no postback secret is set/)
    expect(list.items.map((item) => [item.id, item.state, item.attempts])).toEqual([[id, 'pending', 0]])
    expect(shop.received).toHaveLength(0)
  })
})

describe('two deliverers on one ledger', () => {
  it('never send the same attempt twice, nor at once', async () => {
    const ids: number[] = []
    for (let n = 0; n < 24; n += 1) ids.push(await queued({ subject: `inv_${n}` }))
    shop.delayMs = 40
    const other = ledger.store.reopen({ readonly: false })
    try {
      const desks = [
        new PostbackDeliverer({ store: ledger.store, secret: () => SECRET, now: () => new Date(clock), holder: 'desk-a' }),
        new PostbackDeliverer({ store: other, secret: () => SECRET, now: () => new Date(clock), holder: 'desk-b' })
      ]
      const rounds = await Promise.all(desks.map((desk) => desk.runOnce()))
      expect(rounds.reduce((sum, round) => sum + round.delivered, 0)).toBe(ids.length)
      // Both desks took a share.
      expect(rounds.every((round) => round.delivered > 0)).toBe(true)
    } finally {
      other.close()
    }
    const deliveries = shop.received.map((got) => got.deliveryId).sort()
    expect(deliveries).toEqual(ids.map(String).sort())
    expect(shop.received.some((got) => got.overlapped)).toBe(false)
    expect(await ledgerSql(ledger.store).values('SELECT count(*) FROM postback_attempts')).toEqual([BigInt(ids.length)])
    expect(await ledgerSql(ledger.store).values("SELECT count(*) FROM postbacks WHERE state = 'delivered' AND lease_holder IS NULL")).toEqual([BigInt(ids.length)])
  })
})

describe('an invoice postback', () => {
  it('is the invoice’s status JSON with its event, to the invoice’s own URL; none without one', async () => {
    const status = { id: 'inv_7Hq2', status: 'paid', address: 'GABC', amount: '12.5000000', received: '12.5000000', memo: 'md-0123456789', seen_at: null, paid_at: null, tx_hash: null }
    const id = await withTransaction(ledger.store, (tx) => queueInvoicePostback(tx, { networkId: 'sandbox', url: shop.url, event: 'paid', status }))
    expect(await withTransaction(ledger.store, (tx) => queueInvoicePostback(tx, { networkId: 'sandbox', url: null, event: 'paid', status }))).toBeNull()
    await deliverer().runOnce()
    expect(shop.received.map((got) => [got.deliveryId, JSON.parse(got.body), got.verified])).toEqual([[String(id), { ...status, event: 'paid' }, true]])
    expect(await postback(id ?? 0)).toMatchObject({ topic: 'invoice', subject: 'inv_7Hq2', event: 'paid', state: 'delivered' })
  })
})

describe('the background loop', () => {
  it('sends what is queued while it runs, when nudged or at its next look, and nothing once stopped', async () => {
    const desk = new PostbackDeliverer({ store: ledger.store, secret: () => SECRET, now: () => new Date(clock), pollMs: 50 })
    desk.start()
    try {
      await queued({ subject: 'inv_first' })
      desk.nudge()
      await until(() => shop.received.length === 1)
      await queued({ subject: 'inv_second' })
      // Not nudged: found at the loop's next look.
      await until(() => shop.received.length === 2)
    } finally {
      await desk.stop()
    }
    await queued({ subject: 'inv_after_stop' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(shop.received.map((got) => JSON.parse(got.body).id)).toEqual(['inv_4fZ9', 'inv_4fZ9'])
    expect((await listPostbacks(ledger.store, { networkId: 'sandbox' })).map((view) => [view.subject, view.state])).toEqual([
      ['inv_after_stop', 'pending'],
      ['inv_second', 'delivered'],
      ['inv_first', 'delivered']
    ])
  })
})

describe('a desk that stopped mid-attempt', () => {
  it('holds its lease until it runs out; then another desk sends the attempt, and the first cannot record it', async () => {
    const id = await queued()
    const crashed = await claimNextPostback(ledger.store, { holder: 'crashed-desk', now: clock, leaseMs: 60_000 })
    expect(crashed).toMatchObject({ id, attempt: 1 })

    const desk = deliverer()
    expect(await desk.runOnce()).toMatchObject({ attempts: 0 })
    expect(shop.received).toHaveLength(0)

    clock += 60_000
    expect(await desk.runOnce()).toMatchObject({ attempts: 1, delivered: 1 })
    await expect(
      recordAttempt(ledger.store, crashed!, 'crashed-desk', { startedAt: START, finishedAt: clock, durationMs: 1, httpStatus: 200, error: null })
    ).rejects.toThrow(/lease ran out/)
    expect((await attempts(id)).map((row) => row.attempt)).toEqual([1n])
  })
})

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** A receiver listening where the shop was before it went down. */
async function startReceiverAt(url: string): Promise<TestReceiver> {
  const port = Number(new URL(url).port)
  const { createServer } = await import('node:net')
  // The port is free again once the old server closed; the new receiver must take it.
  await new Promise<void>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()))
  })
  const next = await startReceiver(SECRET, new URL(url).pathname, port)
  next.nowSeconds = () => clock / 1000
  return next
}
