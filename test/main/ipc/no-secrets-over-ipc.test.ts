import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMainServices, type MainServices } from '../../../src/main/app/compose'
import { queuePostback } from '../../../src/main/postbacks'
import { CHANNEL_NAMES, type AppEvents, type ChannelName } from '../../../src/shared/contract'

// Invariant 2: the API key and the wallet seed never leave main. Every channel the renderer can
// call (the test fails when a channel is added and not called here), and every event it can
// receive, is checked for them after a real sync and a real refund on the sandbox, with answers
// that succeed and answers that are refusals: including refusals of secrets the merchant typed.
let services: MainServices
let dir: string
let secrets: string[]
// The shop's gateway token and the postback signing secret are secrets too (issue 19).
const GATEWAY_TOKEN = 'gateway-token-never-shown-0123456789'
const POSTBACK_SECRET = 'postback-secret-never-shown-9876543210'
const pushed: unknown[] = []
const called = new Set<ChannelName>()

/** Channels not called, and why. */
const NOT_CALLED: Partial<Record<ChannelName, string>> = {
  'shell:openExternal': 'opens the system browser; answers only { opened }'
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'md-secrets-'))
  services = await createMainServices({
    databasePath: join(dir, 'db.sqlite'),
    version: 'test',
    openExternal: async () => false,
    sandbox: { payments: 80, seed: 3 },
    scryptCost: { N: 1024, r: 8, p: 1 },
    gatewayToken: () => GATEWAY_TOKEN,
    postbackSecret: () => POSTBACK_SECRET
  })
  services.events.onAny((event, payload) => pushed.push({ event, payload }))
  await services.workspace()
  const { sandbox } = services.sandbox()!
  secrets = [sandbox.apiKey, sandbox.appWallet.seed, GATEWAY_TOKEN, POSTBACK_SECRET]
  const changed = new Promise<AppEvents['ledger:changed']>((resolve) => services.events.on('ledger:changed', resolve))
  called.add('sync:start')
  const started = await services.router.call('sync:start', undefined)
  pushed.push(started)
  await changed
}, 120_000)

afterAll(async () => {
  await services.close()
  rmSync(dir, { recursive: true, force: true })
})

const call: MainServices['router']['call'] = (async (channel: ChannelName, input: unknown) => {
  called.add(channel)
  return (services.router.call as (c: ChannelName, i: unknown) => Promise<unknown>)(channel, input)
}) as MainServices['router']['call']

/** A real reconciliation of the synced sandbox (it syncs first), its report, and one item resolved. */
async function reconciled(): Promise<Awaited<ReturnType<MainServices['router']['call']>>[]> {
  const today = new Date().toISOString().slice(0, 10)
  const run = await call('reconcile:run', { from: '2020-01-01', to: today })
  expect(run.ok ? run.value.paymentsChecked > 0 : run.error).toBe(true)
  const report = await call('reconcile:report', { runId: run.ok ? run.value.id : 1 })
  const first = report.ok ? report.value.groups[0]?.items[0] : undefined
  const resolved = await call('reconcile:resolve', { itemId: first?.id ?? 1, note: 'Checked by the security test' })
  return [run, report, resolved]
}

/**
 * An invoice made in Pi, one refused, the list, the one shown, and the one cancelled; a postback
 * owed for it, listed and sent again; the shop's gateway started on loopback, shown and stopped.
 */
async function invoiced(): Promise<Awaited<ReturnType<MainServices['router']['call']>>[]> {
  const made = await call('invoices:create', { amount: '2.5', order: 'SO-19' })
  expect(made.ok ? made.value.status : made.error).toBe('new')
  const id = made.ok ? made.value.id : 'inv_11111111111111111111'
  const postback = await queuePostback(services.store, { networkId: 'sandbox', topic: 'invoice', subject: id, event: 'seen', url: 'http://127.0.0.1:9/hook', body: JSON.stringify({ id }) })
  const started = await call('gateway:start', { port: 0 })
  expect(started.ok ? started.value.running : started.error).toBe(true)
  return [
    made,
    await call('invoices:create', { amount: '0.00000001' }),
    await call('invoices:list', { status: 'new' }),
    await call('invoices:show', { id }),
    await call('invoices:cancel', { id }),
    await call('postbacks:list', { topic: 'invoice', subject: id }),
    await call('postbacks:redeliver', { id: postback }),
    await call('postbacks:list', undefined),
    started,
    await call('gateway:status', undefined),
    await call('gateway:start', { port: 0 }),
    await call('gateway:stop', undefined)
  ]
}

describe('secrets never cross IPC', () => {
  it('appear in no answer of any channel, nor in any pushed event', async () => {
    const page = await call('ledger:list', {})
    expect(page.ok && page.value.rows.length).toBeGreaterThan(0)
    const first = page.ok ? page.value.rows[0]!.identifier : ''
    const completed = await call('ledger:list', { filter: { statuses: ['completed'], direction: 'user_to_app' } })
    let sale = ''
    for (const row of completed.ok ? completed.value.rows : []) {
      const detail = await services.router.call('ledger:detail', { identifier: row.identifier })
      if (detail.ok && detail.value.refundableRemainder !== null && Number(detail.value.refundableRemainder) >= 1) {
        sale = row.identifier
        break
      }
    }
    expect(sale).not.toBe('')
    const today = new Date().toISOString().slice(0, 10)
    const [apiKey, seed] = secrets as [string, string]
    const answers = [
      page,
      completed,
      await call('app:info', undefined),
      await call('settings:get', undefined),
      await call('settings:update', { businessTimeZone: 'UTC' }),
      await call('sync:status', undefined),
      await call('sync:cancel', undefined),
      await call('ledger:detail', { identifier: first }),
      await call('ledger:totals', { filter: {} }),
      await call('ledger:refunds', undefined),
      await call('dashboard:summary', { from: '2020-01-01', to: today }),
      await call('filters:save', { name: 'Completed', filter: {} }),
      await call('filters:list', undefined),
      await call('filters:delete', { name: 'Completed' }),
      await call('payments:track', { ids: [first, 'not-an-id'] }),
      await call('queue:list', undefined),
      await call('queue:act', { action: 'cancel', ids: [first] }),
      await call('queue:review', { id: first, reviewed: true, note: 'Asked Pi support with the evidence pack' }),
      await call('audit:list', undefined),
      await call('audit:verify', undefined),
      // Secrets: status, a vault, a refusal that must not echo what was typed.
      await call('secrets:status', undefined),
      await call('secrets:unlock', { passphrase: 'correct horse battery', create: true }),
      await call('secrets:save', { network: 'testnet', apiKey, walletSeed: `${seed.slice(0, -1)}!` }),
      await call('secrets:save', { network: 'testnet', apiKey: `${apiKey} with spaces`, walletSeed: 'S-not-a-seed' }),
      await call('secrets:lock', undefined),
      await call('secrets:clear', { network: 'mainnet' }),
      // The team database card: a password sent to check and to save (the vault is locked) never comes back.
      await call('team:status', undefined),
      await call('team:check', { address: 'postgres://maria@127.0.0.1:1/merchant_desk', password: apiKey }),
      await call('team:join', { address: 'postgres://maria@127.0.0.1:1/merchant_desk', password: apiKey }),
      await call('team:leave', undefined),
      // A real refund: quote, pay, list, resume, and a refused cancel.
      await call('payouts:quote', { kind: 'refund', paymentId: sale, amount: '0.5' }),
      await call('payouts:refund', {
        idempotencyKey: 'security-test-refund-0001',
        paymentId: sale,
        amount: '0.5',
        confirmAmount: '0.5',
        reason: 'goodwill'
      }),
      // A refund of the same sale straight to its paying address (issue 19).
      await call('payouts:refundDirect', {
        idempotencyKey: 'security-test-direct-0001',
        paymentId: sale,
        amount: '0.25',
        confirmAmount: '0.25',
        reason: 'goodwill'
      }),
      await call('payouts:payout', { idempotencyKey: 'security-test-payout-0001', uid: 'nobody', amount: '1', confirmAmount: '1', memo: 'Prize' }),
      await call('payouts:list', undefined),
      await call('payouts:resume', undefined),
      await call('payouts:cancel', { id: 1 }),
      await call('exports:run', { report: 'payments', from: '2020-01-01', to: today }),
      await call('exports:count', { report: 'payments', filter: {} }),
      await call('exports:history', undefined),
      await call('exports:verify', { exportId: 'no-such-export' }),
      await call('exports:cancel', undefined),
      // A real reconciliation (it syncs first), its report, and a resolved item.
      ...(await reconciled()),
      await call('reconcile:list', undefined),
      // Invoices: made, listed, shown and cancelled; their answers carry the wallet's public key only.
      ...(await invoiced()),
      // Errors too: a wrong id, a wrong shape.
      await call('ledger:detail', { identifier: 'A'.repeat(28) }),
      await call('ledger:list', { limit: 'all' } as never),
      // People (last: once a person exists the desk is locked): a person's secret, typed to add
      // and to unlock, never comes back; nor does its hash.
      await call('people:status', undefined),
      await call('people:add', { name: 'Maria', role: 'owner', secret: apiKey }),
      await call('people:unlock', { name: 'Maria', secret: seed }),
      await call('people:unlock', { name: 'Maria', secret: apiKey }),
      await call('people:list', undefined),
      await call('people:idle', { minutes: 15 }),
      await call('policy:get', undefined),
      await call('policy:set', { role: 'staff', maxRefund: '5' }),
      await call('requests:list', undefined),
      await call('requests:approve', { id: 99, note: '' }),
      await call('requests:deny', { id: 99, note: 'Not ours' }),
      await call('people:lock', undefined),
      await call('people:remove', { name: 'Maria' })
    ]
    const refund = answers.find((answer) => answer.ok && typeof answer.value === 'object' && answer.value !== null && 'stateLabel' in answer.value)
    expect(refund?.ok && (refund.value as { state: string }).state).toBe('completed')

    const text = JSON.stringify([answers, pushed])
    for (const secret of secrets) expect(text).not.toContain(secret)
    const people = await services.store.db.selectFrom('people').select('secret_json').execute()
    expect(people).toHaveLength(1)
    for (const { secret_json } of people) expect(text).not.toContain((JSON.parse(secret_json) as { hash: string }).hash)
    // The public key is fine to show; make sure the check would have seen a secret-shaped value.
    expect(text).toContain(services.sandbox()!.sandbox.appWallet.publicKey)

    const missed = CHANNEL_NAMES.filter((channel) => !called.has(channel) && NOT_CALLED[channel] === undefined)
    expect(missed).toEqual([])
  }, 120_000)
})
