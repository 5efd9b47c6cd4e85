// Live mode against the sandbox: a buyer pays while the engine follows Horizon's payments stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { wire } from './sandbox-harness'
import { ledgerSql } from '../../support'

let sandbox: RunningSandbox
beforeAll(async () => {
  sandbox = await startSandbox({ payments: 0, seed: 3, ledgerIntervalMs: 0 })
}, 60_000)
afterAll(() => sandbox?.close())

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('follow against the sandbox', () => {
  it('stores a payment the moment its transaction lands, looked up on Pi and verified on chain', async () => {
    const wired = wire(sandbox)
    const controller = new AbortController()
    const errors: unknown[] = []
    const following = wired.engine().follow({ signal: controller.signal, onError: (e) => void errors.push(e), retryDelayMs: 50 })
    await until(() => sandbox.horizon.requests.entries().some((entry) => entry.route === 'GET /accounts/:account_id/payments' && entry.status === undefined), 'the stream to open')

    const alice = sandbox.buyers[0]
    const payment = alice?.startPayment({ amount: 3.1415926, memo: 'Live order', metadata: { order: 'live-1' } })
    const id = payment?.identifier as string
    await wired.pi.approvePayment(id)
    alice?.submitPayment(id)
    const row = async () =>
      await ledgerSql(wired.store).get('SELECT amount_stroops, status, chain_check, source FROM payments WHERE identifier = ?', id) as
        | Record<string, unknown>
        | undefined
    await until(async () => (await row())?.chain_check === 'verified', 'the live payment')

    expect(await row()).toEqual({ amount_stroops: 31_415_926n, status: 'verified', chain_check: 'verified', source: 'chain' })
    expect(await ledgerSql(wired.store).value("SELECT classification FROM chain_operations WHERE payment_identifier = ?", id)).toBe('pi_payment')
    controller.abort()
    await following
    expect(errors).toEqual([])
  }, 30_000)
})
