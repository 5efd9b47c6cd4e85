// Every discrepancy type of a reconciliation, each produced by a scenario crafted on the sandbox and
// found: the type, the payment or transaction it is about, the evidence and the sentence saying
// what to do. One sandbox for the file (its wallet's history grows test by test) and a fresh
// ledger per test, so each test finds its own subject among whatever else the period holds.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import { InvoiceService } from '../../../src/main/invoices'
import { coinGeckoRates } from '../../../src/main/rates'
import { buildSignedPayment } from '../../../src/sandbox/buyer'
import { itemsAbout, openReconcileWorld, PI, startReconcileSandbox, typesAbout, type ReconcileWorld } from './fixture'

let sandbox: RunningSandbox
let world: ReconcileWorld

beforeAll(async () => {
  sandbox = await startReconcileSandbox()
})
afterAll(async () => sandbox.close())
beforeEach(() => {
  world = openReconcileWorld(sandbox)
})
afterEach(() => world.close())

describe('the chain against Pi', () => {
  it('finds a direct transfer to the app wallet that no Pi payment explains', async () => {
    const hash = world.directTransfer(3n * PI, 'tip for the apple pie')
    await world.sync()
    const result = await world.reconcile()
    const [item, ...others] = itemsAbout(result, 'direct_transfer', hash)
    expect(others).toEqual([])
    expect(item).toMatchObject({ subjectKind: 'transaction', paymentId: null, txid: hash, amount: 3n * PI })
    expect(item?.evidence).toContainEqual({ what: 'Memo', expected: 'a Pi payment id', found: 'tip for the apple pie' })
    expect(item?.sentence).toMatch(
      /^3\.0000000 Pi arrived from G[A-Z2-7]{55} \(memo "tip for the apple pie"\) with no Pi payment behind it\. Find out who sent it and why: return it to the sender, or record it as other income\.$/
    )
  })

  it("does not call an invoice's payment a direct transfer: it is the shop's income, kept with the invoice", async () => {
    const invoices = new InvoiceService({
      store: world.store,
      actor: () => 'amira',
      networkId: () => 'sandbox',
      appWallet: async () => world.wallet,
      rates: async () => coinGeckoRates({ baseUrl: sandbox.platformUrl, now: () => sandbox.chain.now() })
    })
    const invoice = await invoices.create({ amount: '2' })
    const paying = world.directTransfer(2n * PI, invoice.memo)
    const stranger = world.directTransfer(2n * PI, `${invoice.memo}x`)
    await world.sync()
    expect((await invoices.show(invoice.id)).status).toBe('paid')
    const result = await world.reconcile()
    expect(typesAbout(result, paying)).toEqual([])
    expect(typesAbout(result, stranger)).toEqual(['direct_transfer'])
  })

  it("finds a buyer's second payment carrying the memo of a sale Pi settled with another transaction", async () => {
    const sale = await world.completedSale(4)
    const again = buildSignedPayment({ chain: sandbox.chain, signer: sale.buyer.keypair, transfers: [{ destination: world.wallet, amount: 4n * PI }], memoText: sale.id })
    expect(sandbox.chain.submit(again.xdr).kind).toBe('applied')
    await world.sync()
    const result = await world.reconcile()
    const [item] = itemsAbout(result, 'direct_transfer', again.hash)
    expect(item).toMatchObject({ paymentId: sale.id, amount: 4n * PI })
    expect(item?.sentence).toContain(`with the memo of payment ${sale.id}, which Pi settled with another transaction: the buyer paid twice.`)
    expect(itemsAbout(result, 'direct_transfer', sale.txid)).toEqual([])
  })

  it('finds a payment Pi says is completed that no transaction on the chain pays', async () => {
    const { id } = await world.approved(6)
    // An odd Pi record: completed with no transaction at all (Pi's own rules would refuse it).
    const record = sandbox.platform.state.payment(id)!
    record.status.developerCompleted = true
    sandbox.platform.state.reindex(record)
    await world.track(id)
    const result = await world.reconcile()
    const [item] = itemsAbout(result, 'completed_without_transaction', id)
    expect(item).toMatchObject({ subjectKind: 'payment', paymentId: id, txid: null, amount: 6n * PI })
    expect(item?.evidence).toEqual([
      { what: 'Transaction', expected: 'a successful payment of 6.0000000 Pi on Sandbox', found: 'no transaction linked, none with its id as memo on the chain' }
    ])
    expect(item?.sentence).toMatch(/^Pi says this sale is completed, but no successful transaction for it is on Sandbox\. Do not count the 6\.0000000 Pi as received/)
  })
})

describe("Pi's record against the chain", () => {
  it('finds a buyer who paid less than the payment', async () => {
    const { id, txid } = await world.paid({ lie: 'wrong_amount', amount: 5 })
    await world.sync()
    const result = await world.reconcile()
    const [item] = itemsAbout(result, 'amount_mismatch', id)
    expect(item).toMatchObject({ paymentId: id, txid, amount: 5n * PI })
    expect(item?.evidence[0]).toEqual({ what: 'Amount', expected: '5.0000000 Pi', found: '2.5000000 Pi' })
    expect(item?.sentence).toBe(
      "The buyer's transaction pays 2.5000000 Pi, not the 5.0000000 Pi of this sale. Do not complete it: cancel the payment and refund what the buyer sent, or ask for the rest."
    )
  })

  it("finds a transaction that pays someone else's wallet", async () => {
    const { id, txid } = await world.paid({ lie: 'wrong_destination' })
    // The wallet's history never shows it: the ledger learns the payment from the shop's backend.
    await world.track(id)
    const result = await world.reconcile()
    const [item] = itemsAbout(result, 'destination_mismatch', id)
    expect(item).toMatchObject({ paymentId: id, txid })
    expect(item?.evidence[1]).toEqual({ what: 'App wallet', expected: world.wallet, found: null })
    expect(item?.evidence[0]?.found).not.toContain(world.wallet)
    expect(item?.sentence).toMatch(/^This transaction does not pay your app wallet from the buyer's account, so none of it reached you for this sale\./)
  })

  it("finds a transaction whose memo is not the payment's id", async () => {
    const { id, txid } = await world.paid({ lie: 'wrong_memo' })
    await world.track(id)
    await world.sync()
    const result = await world.reconcile()
    const [item] = itemsAbout(result, 'memo_mismatch', id)
    expect(item).toMatchObject({ paymentId: id, txid })
    expect(item?.evidence[0]?.expected).toBe(id)
    expect(item?.evidence[0]?.found).toMatch(/^[A-Za-z0-9]{28}$/)
    expect(item?.evidence[0]?.found).not.toBe(id)
    expect(item?.sentence).toMatch(/^The transaction's memo is not this payment's id, so it settles nothing at Pi\./)
    // The Pi it brought arrived as a transfer with no Pi payment behind it.
    expect(typesAbout(result, txid)).toEqual(['direct_transfer'])
  })

  it('finds a payment whose Pi record is on another Pi network', async () => {
    const { id } = await world.approved(2)
    await world.track(id)
    // Pi answering for the other network, as a key registered there would.
    const app = sandbox.app as { network: string }
    app.network = 'Pi Network'
    let result
    try {
      result = await world.reconcile()
    } finally {
      app.network = 'Pi Testnet'
    }
    const [item] = itemsAbout(result, 'network_mismatch', id)
    expect(item).toMatchObject({ subjectKind: 'payment', paymentId: id, amount: 2n * PI })
    expect(item?.evidence).toEqual([{ what: "Network of Pi's record", expected: 'Pi Testnet', found: 'Pi Network' }])
    expect(item?.sentence).toMatch(/^Pi's record of this payment is on Pi Network, but this ledger and its app wallet are on Pi Testnet\./)
  })

  it('finds a transaction Pi did not verify', async () => {
    const { id, txid } = await world.paid({ lie: 'other_network' })
    await world.track(id)
    const result = await world.reconcile()
    const [item] = itemsAbout(result, 'transaction_unverified', id)
    expect(item).toMatchObject({ paymentId: id, txid })
    expect(item?.evidence).toEqual([{ what: "Pi's verification of the transaction", expected: 'verified', found: 'not verified (transaction.verified false)' }])
    expect(item?.sentence).toMatch(/^Pi has not verified the transaction reported for this sale: the chain does not show it paying this payment\. Pi will not cancel it while a transaction is linked to it, and Merchant Desk will not complete it/)
    // The queue refuses to cancel it (payment_tx_present): no advice to try.
    expect(item?.sentence).not.toContain('cancel it from the Queue')
    expect(item?.sentence).toContain("ask Pi's support to close it with the evidence pack from the Queue; then mark it reviewed there")
  })

  it('finds a payment Pi cancelled although the buyer paid on chain', async () => {
    const { id, txid } = await world.paid({ reportToPi: false, amount: 7 })
    await world.pi.cancelPayment(id)
    await world.sync()
    const result = await world.reconcile()
    const [item] = itemsAbout(result, 'cancelled_with_transaction', id)
    expect(item).toMatchObject({ paymentId: id, txid, amount: 7n * PI })
    expect(item?.evidence).toContainEqual({ what: 'Pi moved on the chain', expected: 'nothing', found: '7.0000000 Pi' })
    expect(item?.sentence).toBe(
      '7.0000000 Pi reached your wallet for a sale Pi calls cancelled: the buyer paid and got nothing. Refund the buyer from the Refunds page, or deliver the order.'
    )
  })

  it('finds a payment left open at Pi for longer than the threshold, and not one younger', async () => {
    const { id } = await world.approved(1)
    await world.track(id)
    expect(itemsAbout(await world.reconcile(), 'incomplete_too_long', id)).toEqual([])

    const later = new Date(Date.now() + 25 * 3_600_000)
    const [item] = itemsAbout(await world.reconcile({ now: later }), 'incomplete_too_long', id)
    expect(item?.evidence).toEqual([
      { what: 'Open at Pi for', expected: 'at most 24 hours', found: '25 hours' },
      { what: 'Status at Pi', expected: 'completed or cancelled', found: 'approved' }
    ])
    expect(item?.sentence).toMatch(/^This sale has been open at Pi for 25 hours, and an open payment blocks the buyer from paying your app again\. Clear it from the Queue/)
    const stricter = await world.reconcile({ thresholds: { incompleteAfterMs: 1 } })
    expect(itemsAbout(stricter, 'incomplete_too_long', id)).toHaveLength(1)
  })
})

describe('refunds', () => {
  it('finds a sale whose refunds add up to more than it brought in', async () => {
    const sale = await world.completedSale(10)
    const first = await world.backendRefund(sale.id, sale.buyer, 6n * PI)
    const second = await world.backendRefund(sale.id, sale.buyer, 6n * PI)
    await world.sync()
    const result = await world.reconcile()
    const [item] = itemsAbout(result, 'over_refunded', sale.id)
    expect(item).toMatchObject({ subjectKind: 'payment', paymentId: sale.id, amount: 2n * PI })
    expect(item?.evidence).toEqual([
      { what: 'Refunded in all', expected: 'at most 10.0000000 Pi (the sale, completed)', found: '12.0000000 Pi' },
      { what: `Refund ${first.id}`, expected: null, found: '6.0000000 Pi, completed' },
      { what: `Refund ${second.id}`, expected: null, found: '6.0000000 Pi, completed' }
    ])
    expect(item?.sentence).toBe(
      'The refunds of this sale add up to 12.0000000 Pi, more than the 10.0000000 Pi it brought in: 2.0000000 Pi too much went back. Ask the buyer to return it, or record it as a loss.'
    )
  })

  it('finds a refund the app wallet paid twice on chain', async () => {
    const sale = await world.completedSale(10)
    const refund = await world.pi.createPayment({ amount: 4n * PI, memo: 'Refund', metadata: { refund_of: sale.id }, uid: sale.buyer.uid })
    const once = world.payFromWallet(refund.identifier, sale.buyer.publicKey, 4n * PI)
    const twice = world.payFromWallet(refund.identifier, sale.buyer.publicKey, 4n * PI)
    await world.pi.completePayment(refund.identifier, once)
    await world.sync()
    const result = await world.reconcile()
    const [item] = itemsAbout(result, 'paid_more_than_once', refund.identifier)
    expect(item).toMatchObject({ paymentId: refund.identifier, txid: twice, amount: 4n * PI })
    expect(item?.evidence).toEqual([
      { what: 'Transactions paying it', expected: '1, of 4.0000000 Pi', found: '2, 8.0000000 Pi in all' },
      { what: `Transaction ${once}`, expected: null, found: '4.0000000 Pi' },
      { what: `Transaction ${twice}`, expected: null, found: '4.0000000 Pi' }
    ])
    expect(item?.sentence).toMatch(/^The app wallet paid this refund 2 times, 8\.0000000 Pi in all for a refund of 4\.0000000 Pi\. Ask the payee to send back 4\.0000000 Pi/)
  })
})

describe('the ledger against Pi', () => {
  it('finds a row the ledger holds older facts of than Pi', async () => {
    const { id, buyer } = await world.approved(3)
    await world.track(id)
    const txid = buyer.submitPayment(id).txid!
    await world.pi.completePayment(id, txid)
    // No sync since: the ledger still says approved.
    const result = await world.reconcile()
    const [item] = itemsAbout(result, 'stale_ledger_row', id)
    expect(item).toMatchObject({ paymentId: id, txid })
    expect(item?.evidence).toEqual([
      { what: 'Status (Pi now / ledger)', expected: 'completed', found: 'approved' },
      { what: 'Status flags', expected: 'developer_approved, transaction_verified, developer_completed', found: 'developer_approved' },
      { what: 'Transaction linked at Pi', expected: txid, found: 'none' }
    ])
    expect(item?.sentence).toMatch(/^The ledger still shows this payment as approved, but Pi now says completed\. Sync/)
    // What Pi says now is what the rest is checked with: its transaction pays it exactly.
    expect(typesAbout(result, id)).toEqual(['stale_ledger_row'])
  })
})
