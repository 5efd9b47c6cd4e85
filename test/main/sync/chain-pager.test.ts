// Reading the wallet's history over HTTP: one malformed record is skipped and reported, never a
// crash or a wrong row; the strict reader (through HorizonClient) refuses the whole page instead.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MerchantDb } from '../../../src/main/db'
import { createHorizonClient, type HorizonClient } from '../../../src/main/horizon'
import { createTolerantPageReader, createSyncEngine, strictPageReader, type SyncPi } from '../../../src/main/sync'
import { json, startTestServer, type TestServer } from '../pi/test-server'
import { APP, createAccountOp, hashOf, page, paymentOp } from '../horizon/fixtures'
import { ledgerSql, openScratchLedger } from '../../support'

let server: TestServer
let horizon: HorizonClient
let store: MerchantDb
beforeEach(async () => {
  server = await startTestServer()
  horizon = createHorizonClient({ url: server.url, expectedPassphrase: 'Pi Testnet', retry: { maxAttempts: 1 } })
  store = openScratchLedger().store
})
afterEach(async () => {
  store.close()
  await server.close()
})

// Memos that are no payment ids: every operation is a direct transfer, no Pi lookup needed.
const records = [
  createAccountOp(1),
  paymentOp(2, {}, { memo: 'thanks!' }),
  paymentOp(3, { amount: '1.23456789' }, { memo: 'tip' }),
  paymentOp(4, {}, { memo_type: 'none', memo: undefined }),
  paymentOp(5, { type: 'manage_data', name: 'x' }, { memo: 'note' })
]

function serve(body: unknown): void {
  server.handle((request, response) => {
    if (request.path === '/') return json(response, 200, { network_passphrase: 'Pi Testnet' })
    const cursor = request.query.get('cursor')
    json(response, 200, cursor === null ? body : page([]))
  })
}

const noPi: SyncPi = {
  getPayment: () => Promise.reject(new Error('no lookup expected')),
  incompleteServerPayments: () => Promise.resolve([])
}

describe('createTolerantPageReader', () => {
  it('skips the malformed record with its paging token and keeps the rest of the page', async () => {
    serve(page(records))
    const read = createTolerantPageReader({ url: server.url, account: APP, retry: { maxAttempts: 1 } })
    const result = await read(null)

    expect(result.skipped).toEqual([{ pagingToken: String(3 * 4096), problem: expect.stringMatching(/records\.2\.amount/) }])
    expect(result.entries.map((entry) => (entry.kind === 'operation' ? entry.operation.id : `passed over ${entry.why}`))).toEqual([
      String(4096),
      String(2 * 4096),
      String(4 * 4096),
      'passed over manage_data'
    ])
    expect(result.cursor).toBe(String(5 * 4096))
    expect(result.lastPage).toBe(true)
    const query = server.requests[0]?.query
    expect([query?.get('join'), query?.get('include_failed'), query?.get('order'), query?.get('limit')]).toEqual(['transactions', 'true', 'asc', '200'])
  })

  it('lets a sync store the good records, report the bad one, and move the cursor past it', async () => {
    serve(page(records))
    const engine = createSyncEngine({
      store,
      networkId: 'sandbox',
      pi: noPi,
      horizon,
      appWallet: APP,
      pageReader: createTolerantPageReader({ url: server.url, account: APP, retry: { maxAttempts: 1 } })
    })
    const report = await engine.run()

    expect(report.skipped).toEqual([{ kind: 'chain_record', ref: String(3 * 4096), problem: expect.any(String) }])
    expect(report.chain.passedOver).toBe(1)
    const stored = await ledgerSql(store).all('SELECT id, classification, amount_stroops FROM chain_operations ORDER BY CAST(id AS INTEGER)')
    expect(stored).toEqual([
      { id: String(4096), classification: 'direct_transfer', amount_stroops: 200_000_000n },
      { id: String(2 * 4096), classification: 'direct_transfer', amount_stroops: 31_400_000n },
      { id: String(4 * 4096), classification: 'direct_transfer', amount_stroops: 31_400_000n }
    ])
    expect(await ledgerSql(store).value('SELECT cursor FROM sync_cursors')).toBe(String(5 * 4096))
    expect(await ledgerSql(store).value('SELECT count(*) FROM chain_transactions WHERE hash = ?', hashOf(3))).toBe(0n)
  })
})

describe('strictPageReader', () => {
  it('refuses the whole page with a clear error and leaves the ledger untouched', async () => {
    serve(page(records))
    const engine = createSyncEngine({ store, networkId: 'sandbox', pi: noPi, horizon, appWallet: APP, pageReader: strictPageReader(horizon, APP) })
    const error = await engine.run().catch((e: unknown) => e)

    expect(error).toMatchObject({ code: 'horizon_malformed_answer', message: expect.stringMatching(/records\.2\.amount/) })
    expect(await ledgerSql(store).value('SELECT count(*) FROM chain_operations')).toBe(0n)
    expect(await ledgerSql(store).value('SELECT count(*) FROM sync_cursors')).toBe(0n)
  })
})
