// 0008: the postback journal refuses what the deliverer could never send (a non-http(s) URL, a
// body that is not JSON, an unknown state, a pending postback with no time to try it), keeps one
// row per attempt, finds due postbacks through its partial index, and goes with the sandbox's
// ledger, attempts included.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clearNetworkLedger } from '../../../../src/main/db/network-reset'
import { openDatabase, type MerchantDb } from '../../../../src/main/db/open'

let store: MerchantDb
beforeEach(() => {
  store = openDatabase(':memory:')
})
afterEach(() => store.close())

function insert(values: Record<string, unknown> = {}): bigint {
  const row = {
    network_id: 'sandbox',
    topic: 'invoice',
    subject: 'inv_abc',
    event: 'paid',
    url: 'https://shop.example/postback',
    body: '{"id":"inv_abc"}',
    state: 'pending',
    next_attempt_at: 1,
    created_at: 1,
    give_up_at: 2,
    delivered_at: null,
    lease_holder: null,
    lease_until: null,
    ...values
  }
  return store.sqlite
    .prepare(
      `INSERT INTO postbacks (network_id, topic, subject, event, url, body, state, next_attempt_at, created_at, give_up_at, delivered_at, lease_holder, lease_until)
       VALUES (@network_id, @topic, @subject, @event, @url, @body, @state, @next_attempt_at, @created_at, @give_up_at, @delivered_at, @lease_holder, @lease_until)
       RETURNING id`
    )
    .pluck()
    .get(row) as bigint
}

function attempt(postbackId: bigint, values: Record<string, unknown> = {}): void {
  store.sqlite
    .prepare(
      `INSERT INTO postback_attempts (postback_id, attempt, started_at, finished_at, http_status, error, duration_ms)
       VALUES (@postback_id, @attempt, 1, 2, @http_status, @error, 1)`
    )
    .run({ postback_id: postbackId, attempt: 1, http_status: 500, error: null, ...values })
}

describe('0008 postbacks', () => {
  it('refuses a URL that is not http(s), a body that is not JSON, and unknown topics and states', () => {
    for (const url of ['ftp://shop.example/x', 'javascript:alert(1)', 'file:///etc/passwd', 'https://', 'mailto:a@b.c']) {
      expect(() => insert({ url }), url).toThrow(/CHECK/)
    }
    expect(() => insert({ body: 'not json' })).toThrow(/CHECK/)
    expect(() => insert({ topic: 'refund' })).toThrow(/CHECK/)
    expect(() => insert({ state: 'sent' })).toThrow(/CHECK/)
    expect(() => insert({ network_id: 'moon' })).toThrow(/CHECK/)
    expect(store.sqlite.prepare('SELECT count(*) FROM postbacks').pluck().get()).toBe(0n)
    insert({ url: 'http://127.0.0.1:8080/hook' })
  })

  it('keeps pending and next_attempt_at together, a delivered one with its time, and a lease whole', () => {
    expect(() => insert({ next_attempt_at: null })).toThrow(/CHECK/)
    expect(() => insert({ state: 'gave_up' })).toThrow(/CHECK/)
    expect(() => insert({ state: 'delivered', next_attempt_at: null })).toThrow(/CHECK/)
    expect(() => insert({ lease_holder: 'desk-a' })).toThrow(/CHECK/)
    insert({ state: 'delivered', next_attempt_at: null, delivered_at: 5 })
    insert({ lease_holder: 'desk-a', lease_until: 9 })
  })

  it('keeps one row per attempt, each with a status or an error', () => {
    const id = insert()
    attempt(id)
    expect(() => attempt(id)).toThrow(/UNIQUE|PRIMARY/)
    expect(() => attempt(id, { attempt: 2, http_status: null, error: null })).toThrow(/CHECK/)
    expect(() => attempt(id + 1n, { attempt: 1 })).toThrow(/FOREIGN KEY/)
    attempt(id, { attempt: 2, http_status: null, error: 'timed out after 10 s' })
  })

  it('finds due postbacks through postbacks_due', () => {
    const plan = store.sqlite
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM postbacks WHERE state = 'pending' AND next_attempt_at <= 5 ORDER BY next_attempt_at")
      .all() as { detail: string }[]
    expect(plan.map((step) => step.detail).join('\n')).toMatch(/USING (COVERING )?INDEX postbacks_due/)
  })

  it("goes with the sandbox's ledger, attempts included, and only the sandbox's", async () => {
    const sandbox = insert()
    attempt(sandbox)
    const testnet = insert({ network_id: 'testnet' })
    attempt(testnet)
    await clearNetworkLedger(store, 'sandbox')
    expect(store.sqlite.prepare('SELECT id FROM postbacks').pluck().all()).toEqual([testnet])
    expect(store.sqlite.prepare('SELECT postback_id FROM postback_attempts').pluck().all()).toEqual([testnet])
  })
})
