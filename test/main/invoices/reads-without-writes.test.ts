// Reading an invoice settles first only when there is something to settle. The gateway's public
// status page is polled by anyone holding an id (a customer's browser every few seconds, or an
// attacker): were each poll a write transaction, polls would queue behind, and hold up, every
// desk's payouts on the ledger's one write lock. With another desk holding that lock, a status
// that has nothing new still answers at once; once a payment arrives, the next read settles it.
import SqliteDatabase from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { invoiceFile } from './fixture'

const file = invoiceFile()
const onSqlite = process.env.MERCHANT_DESK_TEST_ENGINE !== 'postgres'

describe('reading invoices', () => {
  it.skipIf(!onSqlite)('answers while another desk holds the write lock, when nothing is due', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '2' })
    await world.invoices.show(invoice.id)
    const otherDesk = new SqliteDatabase(world.store.path, { timeout: 0 })
    try {
      otherDesk.exec('BEGIN IMMEDIATE')
      for (let poll = 0; poll < 5; poll++) expect(await world.invoices.statusJson(invoice.id)).toMatchObject({ id: invoice.id, status: 'new' })
      expect((await world.invoices.list()).map((item) => item.id)).toEqual([invoice.id])
      otherDesk.exec('ROLLBACK')
    } finally {
      otherDesk.close()
    }
  })

  it('settles on the next read once a payment to the invoice is stored, and not again after', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '2' })
    world.pay(invoice)
    // The chain page is stored, its settlement crashes (as on a desk killed at that step).
    const crashing = world.sync({
      testHooks: {
        beforeCommit: (step) => {
          if (step === 'invoices') throw new Error('simulated crash before the settlement commits')
        }
      }
    })
    await expect(crashing.run()).rejects.toThrow('simulated crash')
    expect(await world.invoices.statusJson(invoice.id)).toMatchObject({ status: 'paid', received: '2.0000000' })
    const events = await world.store.db.selectFrom('invoice_events').select('kind').where('invoice_id', '=', invoice.id).execute()
    expect(events.map((event) => event.kind)).toEqual(['created', 'payment', 'seen', 'paid'])
    await world.invoices.statusJson(invoice.id)
    expect(await world.store.db.selectFrom('invoice_events').select('kind').where('invoice_id', '=', invoice.id).execute()).toHaveLength(4)
  })
})
