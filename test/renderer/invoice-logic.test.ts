// The pure parts of the invoices screens, without a browser: the amount a customer types (exactly
// the QR code's, no float, no thousands separator), what is still to pay, when cancel is offered,
// which statuses the customer view calls "Paid", and the invoice links the page opens.
import { describe, expect, it } from 'vitest'
import { invoiceHref, invoiceLinkFromHash, sectionFromHash } from '../../src/renderer/src/app/route-links'
import { canCancel, exactPi, isPaidInFull, isWaiting, remainingPi } from '../../src/renderer/src/invoices/invoice-words'
import { INVOICE_STATUSES } from '../../src/shared/contract'

describe('amounts on the invoice screens', () => {
  it('spells the amount as a wallet takes it', () => {
    expect(exactPi('12.5000000')).toBe('12.5')
    expect(exactPi('3.0000000')).toBe('3')
    expect(exactPi('0.0000001')).toBe('0.0000001')
    expect(exactPi('1234567.1234567')).toBe('1234567.1234567')
    expect(exactPi('10')).toBe('10')
  })

  it('says what is still to pay, exactly, and nothing once the amount was reached', () => {
    expect(remainingPi('10.0000000', '9.0000000')).toBe('1')
    expect(remainingPi('0.3000000', '0.1000000')).toBe('0.2')
    expect(remainingPi('1.0000000', '0.9999999')).toBe('0.0000001')
    expect(remainingPi('10.0000000', '10.0000000')).toBeNull()
    expect(remainingPi('10.0000000', '11.0000000')).toBeNull()
    expect(remainingPi('not an amount', '1.0000000')).toBeNull()
  })
})

describe('invoice statuses on screen', () => {
  it('calls paid, overpaid and paid late "Paid", and keeps waiting only for new and partially paid', () => {
    expect(INVOICE_STATUSES.filter(isPaidInFull)).toEqual(['paid', 'overpaid', 'paid_late'])
    expect(INVOICE_STATUSES.filter(isWaiting)).toEqual(['new', 'partially_paid'])
  })

  it('offers cancel only while nothing was counted (main refuses otherwise: refund instead)', () => {
    expect(canCancel({ status: 'new', received: '0.0000000' })).toBe(true)
    expect(canCancel({ status: 'expired', received: '0.0000000' })).toBe(true)
    expect(canCancel({ status: 'partially_paid', received: '1.0000000' })).toBe(false)
    expect(canCancel({ status: 'expired', received: '0.0000001' })).toBe(false)
    expect(canCancel({ status: 'cancelled', received: '0.0000000' })).toBe(false)
  })
})

describe('invoice links', () => {
  it('open one invoice or its customer view, and stay on the Invoices section', () => {
    const id = 'inv_uXRnk7kPSLNXfHGdUueR'
    expect(invoiceHref(id)).toBe(`#/invoices/${id}`)
    expect(invoiceHref(id, { counter: true })).toBe(`#/invoices/${id}/counter`)
    expect(invoiceLinkFromHash(invoiceHref(id))).toEqual({ id, counter: false })
    expect(invoiceLinkFromHash(invoiceHref(id, { counter: true }))).toEqual({ id, counter: true })
    expect(sectionFromHash(invoiceHref(id, { counter: true }))).toBe('invoices')
    expect(invoiceLinkFromHash('#/invoices')).toBeNull()
    expect(invoiceLinkFromHash('#/invoices/')).toBeNull()
    expect(invoiceLinkFromHash('#/invoices/%E0%A4%A')).toBeNull()
    expect(invoiceLinkFromHash('#/ledger/inv_x')).toBeNull()
  })
})
