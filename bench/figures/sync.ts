// Figure 6, sync against the sandbox: requests per new payment on a first sync, requests of a
// re-sync with nothing new, and the wall time of the first sync. The request counts are read
// from the sandbox servers' own request logs (what they received), not from the engine's report.
//
// The wall-time baseline fetches the same data bare (fetch, no validation, no storage): the
// history pages one after another, then one Pi record per payment id with the engine's
// concurrency. It is the floor the network part of a sync cannot go under on this machine.
import { join } from 'node:path'
import { openDatabase } from '../../src/main/db'
import { createHorizonClient } from '../../src/main/horizon'
import { createPiPlatformClient } from '../../src/main/pi'
import { createSyncEngine, createTolerantPageReader, DEFAULT_SYNC_CONCURRENCY, SYNC_PAGE_LIMIT } from '../../src/main/sync'
import { startSandbox, type RunningSandbox } from '../../src/sandbox'
import { isPaymentIdentifier } from '../../src/shared/payments'
import type { Figure } from '../harness/context'
import { line } from '../harness/measure'

function requestsReceived(sandbox: RunningSandbox): number {
  return sandbox.platform.requests.count() + sandbox.horizon.requests.count()
}

export const syncFigure: Figure = {
  name: 'sync',
  sqliteOnly: 'it syncs the sandbox into a fresh desk file; its figures are requests and wall time, not the database engine',
  describe: 'sync against the sandbox: requests per new payment, re-sync requests, wall time',
  async run(context) {
    const payments = context.syncPayments
    context.log(`sync: starting the sandbox with ${payments} payments of history`)
    const sandbox = await startSandbox({ payments, seed: 1, ledgerIntervalMs: 0 })
    const store = openDatabase(join(context.workDir, 'sync.sqlite'))
    try {
      const url = sandbox.horizonUrl
      const appWallet = sandbox.appWallet.publicKey
      const engine = createSyncEngine({
        store,
        networkId: 'sandbox',
        pi: createPiPlatformClient({ baseUrl: sandbox.platformUrl, apiKey: sandbox.apiKey }),
        horizon: createHorizonClient({ url, expectedPassphrase: sandbox.networkPassphrase }),
        appWallet,
        pageReader: createTolerantPageReader({ url, account: appWallet })
      })
      const count = (sql: string) => Number(store.sqlite.prepare(sql).pluck().get())

      context.log('sync: first sync')
      let mark = requestsReceived(sandbox)
      let started = performance.now()
      const first = await engine.run()
      const wallSeconds = (performance.now() - started) / 1000
      const firstRequests = requestsReceived(sandbox) - mark
      const added = first.pi.paymentsAdded
      const records = count('SELECT count(*) FROM chain_operations')
      // The issue's budget: one Pi record per payment and one Horizon page per 200 records.
      const ideal = added + Math.ceil(records / SYNC_PAGE_LIMIT)

      context.log('sync: re-sync with nothing new')
      const nonFinal = count('SELECT count(*) FROM payments WHERE pi_final = 0')
      mark = requestsReceived(sandbox)
      await engine.run()
      const resyncRequests = requestsReceived(sandbox) - mark

      context.log('sync: the same data fetched bare')
      started = performance.now()
      const fetched = await fetchBare(sandbox)
      const bareSeconds = (performance.now() - started) / 1000

      const common = { figure: 'sync', payments }
      return [
        line({
          ...common,
          metric: 'requests per new payment (first sync)',
          value: firstRequests / added,
          unit: 'requests/payment',
          baseline: ideal / added,
          targets: [{ kind: 'max', limit: 1.02, of: 'value' }],
          note: `${firstRequests} requests for ${added} new payments and ${records} chain records; baseline = 1 per payment + 1 page per ${SYNC_PAGE_LIMIT} records`
        }),
        line({
          ...common,
          metric: 'requests of a re-sync with nothing new',
          value: resyncRequests,
          unit: 'requests',
          baseline: 2 + nonFinal,
          targets: [{ kind: 'max', limit: 1, of: 'ratio' }],
          note: `target 2 + 1 per non-final payment = ${2 + nonFinal} (${nonFinal} non-final)`
        }),
        line({
          ...common,
          metric: 'wall time of the first sync',
          value: wallSeconds,
          unit: 's',
          baseline: bareSeconds,
          note: `baseline: the ${fetched.pages} history pages and ${fetched.records} Pi records fetched bare (fetch, concurrency ${DEFAULT_SYNC_CONCURRENCY}); report: ${first.outcome}, ${first.skippedCount} skipped`
        })
      ]
    } finally {
      store.close()
      await sandbox.close()
    }
  }
}

interface HorizonPage {
  readonly _embedded: { readonly records: readonly { readonly paging_token: string; readonly transaction?: { readonly memo_type: string; readonly memo?: string } }[] }
}

async function fetchBare(sandbox: RunningSandbox): Promise<{ pages: number; records: number }> {
  const horizon = sandbox.horizonUrl.replace(/\/$/, '')
  const ids = new Set<string>()
  let cursor = ''
  let pages = 0
  for (;;) {
    const query = `join=transactions&include_failed=true&order=asc&limit=${SYNC_PAGE_LIMIT}${cursor === '' ? '' : `&cursor=${cursor}`}`
    const page = (await (await fetch(`${horizon}/accounts/${sandbox.appWallet.publicKey}/payments?${query}`)).json()) as HorizonPage
    pages += 1
    const records = page._embedded.records
    for (const record of records) {
      const memo = record.transaction?.memo
      if (record.transaction?.memo_type === 'text' && memo !== undefined && isPaymentIdentifier(memo)) ids.add(memo)
    }
    const last = records.at(-1)
    if (records.length < SYNC_PAGE_LIMIT || last === undefined) break
    cursor = last.paging_token
  }
  const platform = sandbox.platformUrl.replace(/\/v2\/?$/, '').replace(/\/$/, '')
  const queue = [...ids]
  let next = 0
  const worker = async () => {
    while (next < queue.length) {
      const id = queue[next++] as string
      const answer = await fetch(`${platform}/v2/payments/${id}`, { headers: { Authorization: `Key ${sandbox.apiKey}` } })
      await answer.arrayBuffer()
    }
  }
  await Promise.all(Array.from({ length: DEFAULT_SYNC_CONCURRENCY }, worker))
  return { pages, records: queue.length }
}
