// The watcher reads the ledger asynchronously: checks asked for together (a sync step and a
// refresh both saying the ledger changed) must announce a new waiting payment once, not once each.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MerchantDb } from '../../../src/main/db'
import { QueueWatcher } from '../../../src/main/queue'
import type { AppEvents } from '../../../src/shared/contract/events'
import { paymentId, paymentRow } from '../db/helpers'
import { openScratchLedger } from '../../support'

let store: MerchantDb
beforeEach(() => {
  store = openScratchLedger().store
})
afterEach(() => store.close())

/** A payment Pi has not finished: it waits in the queue. */
const waiting = (label: string) =>
  store.db.insertInto('payments').values(paymentRow({ identifier: paymentId(label), developer_completed: 0, txid: null, tx_verified: null, tx_link: null })).execute()

describe('QueueWatcher', () => {
  it('takes what already waits as its baseline, and announces a newcomer once however many checks run together', async () => {
    await waiting('already')
    const announced: AppEvents['queue:changed'][] = []
    const watcher = new QueueWatcher(store, () => 'sandbox', (payload) => announced.push(payload))
    await waiting('newcomer')
    const counts = await Promise.all([watcher.check(), watcher.check(), watcher.check()])
    expect(counts).toEqual([1, 0, 0])
    expect(announced).toEqual([{ newItems: 1, total: 2 }])
  })
})
