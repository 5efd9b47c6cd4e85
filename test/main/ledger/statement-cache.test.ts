// A ledger page's SQL depends only on the shape of its filter and sort (values are parameters), so
// paging and filtering reuse a handful of prepared statements: the database driver keeps them per
// SQL text (src/main/db/sqlite/driver.ts), instead of preparing one per page.
import { afterEach, expect, it, vi } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../src/main/db'
import { listPayments } from '../../../src/main/ledger'
import { sqliteOnly } from '../../support'

let store: MerchantDb | undefined
afterEach(() => store?.close())

sqliteOnly("the statement cache is the SQLite driver's (src/main/db/sqlite/driver.ts); pg prepares per connection")('prepared statements of ledger pages', () => {
  it('prepares a page shape once and reuses it for the next page and other values', async () => {
    store = openDatabase(':memory:')
    const prepare = vi.spyOn(store.sqlite, 'prepare')
    await listPayments(store, { networkId: 'sandbox', filter: { statuses: ['completed'] } })
    const first = prepare.mock.calls.length
    expect(first).toBeGreaterThan(0)
    await listPayments(store, { networkId: 'sandbox', filter: { statuses: ['completed'] } })
    await listPayments(store, { networkId: 'testnet', filter: { statuses: ['cancelled'] } })
    expect(prepare.mock.calls.length).toBe(first)
    await listPayments(store, { networkId: 'sandbox', filter: { direction: 'app_to_user' } })
    expect(prepare.mock.calls.length).toBeGreaterThan(first)
  })
})
