// The ledger queries the page and search figures time: each filter the ledger offers under the
// default sort, each sort in both orders, a few filter-and-sort pairs, and a deep page.
import type { BenchLedger } from '../dataset/ledger-db'
import type { LedgerQuery, PaymentFilter, LedgerSort } from '../../src/main/ledger'

const DAY_MS = 86_400_000

export interface LedgerCase {
  readonly name: string
  /** Varies with the iteration where the input should (another user, another search). */
  query(iteration: number): LedgerQuery
  /** Follow the cursor this many pages before timing (a deep page). */
  readonly pagesIn?: number
}

export function pageCases(ledger: BenchLedger): LedgerCase[] {
  const networkId = ledger.networkId
  const sample = (i: number) => ledger.samples[i % ledger.samples.length] as BenchLedger['samples'][number]
  const filters: { name: string; filter: (i: number) => PaymentFilter }[] = [
    { name: 'status=completed', filter: () => ({ statuses: ['completed'] }) },
    { name: 'status=created+approved+submitted', filter: () => ({ statuses: ['created', 'approved', 'submitted'] }) },
    { name: 'direction=app_to_user', filter: () => ({ direction: 'app_to_user' }) },
    { name: 'period=last 30 days', filter: () => ({ period: { field: 'created_at', from: new Date(ledger.to - 30 * DAY_MS) } }) },
    { name: 'period=first_seen last 7 days', filter: () => ({ period: { field: 'first_seen_at', from: new Date(ledger.to - 7 * DAY_MS) } }) },
    { name: 'amount=1..5 Pi', filter: () => ({ amount: { min: 10_000_000n, max: 50_000_000n } }) },
    { name: 'chainCheck=failed', filter: () => ({ chainCheck: 'failed' }) },
    { name: 'hasRefunds=true', filter: () => ({ hasRefunds: true }) },
    { name: 'hasRefunds=false', filter: () => ({ hasRefunds: false }) },
    { name: 'user=one uid', filter: (i) => ({ userUid: sample(i).userUid }) },
  ]
  const sorts: LedgerSort[] = (['created_at', 'amount', 'status', 'direction', 'user_uid', 'identifier'] as const).flatMap((column) => [
    { column, order: 'desc' as const },
    { column, order: 'asc' as const }
  ])
  return [
    ...filters.map((f) => ({ name: `filter ${f.name}, newest first`, query: (i: number) => ({ networkId, filter: f.filter(i), limit: 100 }) })),
    ...sorts.map((sort) => ({ name: `no filter, sort ${sort.column} ${sort.order}`, query: () => ({ networkId, sort, limit: 100 }) })),
    {
      name: 'filter status=completed, sort amount desc',
      query: () => ({ networkId, filter: { statuses: ['completed'] }, sort: { column: 'amount', order: 'desc' }, limit: 100 })
    },
    {
      name: 'filter status=completed+verified, direction=user_to_app, last 90 days, sort created_at asc',
      query: () => ({
        networkId,
        filter: { statuses: ['completed', 'verified'], direction: 'user_to_app', period: { field: 'created_at', from: new Date(ledger.to - 90 * DAY_MS) } },
        sort: { column: 'created_at', order: 'asc' },
        limit: 100
      })
    },
    { name: 'no filter, newest first, page 50', pagesIn: 49, query: () => ({ networkId, limit: 100 }) }
  ]
}

/** Search box inputs (figure 3): a payment id, a txid, a user-uid prefix, and prefixes of the ids. */
export function searchCases(ledger: BenchLedger): LedgerCase[] {
  const networkId = ledger.networkId
  const withTx = ledger.samples.filter((s) => s.txid !== null)
  const sample = (i: number) => ledger.samples[i % ledger.samples.length] as BenchLedger['samples'][number]
  const txSample = (i: number) => withTx[i % withTx.length] as BenchLedger['samples'][number]
  const search = (name: string, text: (i: number) => string): LedgerCase => ({
    name,
    query: (i) => ({ networkId, filter: { search: text(i) }, limit: 100 })
  })
  return [
    search('payment id (28 chars)', (i) => sample(i).identifier),
    search('payment id prefix (10 chars)', (i) => sample(i).identifier.slice(0, 10)),
    search('txid (64 hex)', (i) => txSample(i).txid as string),
    search('txid prefix (12 hex)', (i) => (txSample(i).txid as string).slice(0, 12)),
    search('user uid prefix (first 8 hex)', (i) => sample(i).userUid.slice(0, 8))
  ]
}
