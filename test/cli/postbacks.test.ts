// `merchant-desk postbacks` and `postbacks redeliver` as a person types them: a real process on a
// real ledger, a real shop backend on loopback that verifies each signature. Without
// MERCHANT_DESK_POSTBACK_SECRET nothing is sent and the list says why; a pending postback is not
// "redelivered"; a delivered one is sent again at once, signed anew, and audited.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, withTransaction } from '../../src/main/db'
import { PostbackDeliverer, queuePostback } from '../../src/main/postbacks'
import type { PostbackListView, PostbackView } from '../../src/shared/contract/postbacks'
import { startReceiver, type TestReceiver } from '../main/postbacks/receiver'

const run = promisify(execFile)
const SECRET = 'whsec_cli_test'
const BODY = '{"event":"payment.completed","identifier":"AbCdEfGhIjKlMnOpQrStUvWxYz12","amount":"5.0000000"}'
let dir: string
let db: string
let env: NodeJS.ProcessEnv
let shop: TestReceiver
let id: number

async function cli(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/merchant-desk.js', ...args, '--db', db, '--network', 'sandbox'], { env: { ...env, ...extra }, timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'md-postbacks-cli-'))
  db = join(dir, 'shop.sqlite')
  env = { ...process.env, MERCHANT_DESK_DATA_DIR: join(dir, 'data'), PI_API_KEY: '', PI_WALLET_SEED: '', MERCHANT_DESK_POSTBACK_SECRET: '', MERCHANT_DESK_USER: '', MERCHANT_DESK_USER_SECRET: '' }
  shop = await startReceiver(SECRET)
  const store = openDatabase(db)
  try {
    id = await withTransaction(store, (tx) =>
      queuePostback(tx, { networkId: 'sandbox', topic: 'payment', subject: 'AbCdEfGhIjKlMnOpQrStUvWxYz12', event: 'payment.completed', url: shop.url, body: BODY })
    )
  } finally {
    store.close()
  }
}, 60_000)

afterAll(async () => {
  await shop?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

// Each case runs a few real processes (a couple of seconds each on a busy machine).
const CASE_MS = 120_000

describe('merchant-desk postbacks', () => {
  it('lists each postback with its state and attempts, and says why nothing is sent without a secret', async () => {
    const listed = await cli(['postbacks', '--json'])
    expect(listed.code, listed.stderr).toBe(0)
    const view = JSON.parse(listed.stdout) as PostbackListView
    expect(view.paused).toMatch(/^Postbacks are not being sent: no postback secret is set \(MERCHANT_DESK_POSTBACK_SECRET/)
    expect(view.items.map((item) => [item.id, item.state, item.event, item.attempts, item.body])).toEqual([[id, 'pending', 'payment.completed', 0, BODY]])

    const text = await cli(['postbacks'])
    expect(text.stdout).toMatch(new RegExp(`^Postbacks are not being sent: .*\\n\\n#${id} {2}pending {2}payment\\.completed {2}payment AbCdEfGhIjKlMnOpQrStUvWxYz12 {2}-> ${shop.url}\\n {2}0 attempts; next try at \\d{4}-`))
  }, CASE_MS)

  it('refuses to redeliver what is still pending, or what is not a postback number', async () => {
    const pending = await cli(['postbacks', 'redeliver', String(id)])
    expect(pending.code).toBe(1)
    expect(pending.stderr).toMatch(new RegExp(`^merchant-desk: Postback ${id} has not been delivered yet and is tried again at \\d{4}-.*; there is nothing to redeliver\\.\\n$`))
    const bad = await cli(['postbacks', 'redeliver', 'twelve'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toBe('merchant-desk: "twelve" is not a postback number (see `merchant-desk postbacks`). Nothing was sent.\n')
    expect(shop.received).toHaveLength(0)
  }, CASE_MS)

  it('sends a delivered postback again at once with the secret, signed anew, audited as the person acting', async () => {
    const store = openDatabase(db)
    try {
      await new PostbackDeliverer({ store, secret: () => SECRET }).runOnce()
    } finally {
      store.close()
    }
    expect(shop.received.map((got) => got.verified)).toEqual([true])
    await new Promise((resolve) => setTimeout(resolve, 1100))

    const again = await cli(['postbacks', 'redeliver', String(id), '--json'], { MERCHANT_DESK_POSTBACK_SECRET: SECRET })
    expect(again.code, again.stderr).toBe(0)
    const result = JSON.parse(again.stdout) as { postback: PostbackView; paused: string | null }
    expect(result.paused).toBeNull()
    expect(result.postback).toMatchObject({ id, state: 'delivered', attempts: 2, lastStatus: 200 })
    expect(result.postback.history.map((attempt) => attempt.httpStatus)).toEqual([200, 200])
    expect(shop.received.map((got) => [got.deliveryId, got.body, got.verified])).toEqual([
      [String(id), BODY, true],
      [String(id), BODY, true]
    ])
    expect(shop.received[1]?.timestamp).toBeGreaterThan(shop.received[0]?.timestamp ?? Infinity)

    const audit = await cli(['audit', '--json'])
    const entries = (JSON.parse(audit.stdout) as { entries: { action: string; subject: string; actor: string }[] }).entries
    expect(entries.filter((entry) => entry.action === 'postback.redeliver').map((entry) => entry.subject)).toEqual(['AbCdEfGhIjKlMnOpQrStUvWxYz12'])

    const text = await cli(['postbacks'], { MERCHANT_DESK_POSTBACK_SECRET: SECRET })
    expect(text.stdout).toMatch(new RegExp(`^#${id} {2}delivered .*\\n {2}2 attempts, last answer HTTP 200; delivered at .*\\n {2}try 1 at .*: HTTP 200 \\(\\d+ ms\\)\\n {2}try 2 at .*: HTTP 200 \\(\\d+ ms\\)\\n$`))
  }, CASE_MS)
})
