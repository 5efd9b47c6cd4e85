// The pure pieces: status derivation from counted payments and the clock, ids and memos.
import { describe, expect, it } from 'vitest'
import { checkShopMemo, deriveInvoiceStatus, newInvoiceId, newInvoiceMemo, type CountedPayment } from '../../../src/main/invoices'

const EXPIRES = 1_000_000
const pay = (amount: bigint, at: number, operationId = String(at)): CountedPayment => ({ operationId, txHash: 'f'.repeat(64), amount, at })
const derive = (payments: CountedPayment[], now = 500_000, flags: { cancelled?: boolean; refunded?: boolean } = {}) =>
  deriveInvoiceStatus({ amount: 100n, expiresAt: EXPIRES, cancelled: flags.cancelled ?? false, refunded: flags.refunded ?? false, payments }, now)

describe('deriveInvoiceStatus', () => {
  it.each([
    ['nothing yet', [], 500_000, 'new'],
    ['nothing by the expiry', [], EXPIRES + 1, 'expired'],
    ['part of it', [pay(40n, 10)], 500_000, 'partially_paid'],
    ['part of it, then expired', [pay(40n, 10)], EXPIRES + 1, 'expired'],
    ['exactly', [pay(100n, 10)], 500_000, 'paid'],
    ['exactly, read after the expiry', [pay(100n, 10)], EXPIRES + 5, 'paid'],
    ['two parts adding up', [pay(60n, 10), pay(40n, 20)], 500_000, 'paid'],
    ['more', [pay(101n, 10)], 500_000, 'overpaid'],
    ['after the expiry', [pay(100n, EXPIRES + 1)], EXPIRES + 2, 'paid_late'],
    ['part in time, the rest late', [pay(50n, 10), pay(50n, EXPIRES + 1)], EXPIRES + 2, 'paid_late']
  ] as const)('%s -> %s', (_name, payments, now, status) => {
    expect(derive([...payments], now).status).toBe(status)
  })

  it('dates paid_at by the payment that reached the amount, whatever order they were counted in', () => {
    const derived = derive([pay(30n, 300), pay(80n, 200), pay(10n, 100)])
    expect(derived).toMatchObject({ received: 120n, seenAt: 100, paidAt: 300, status: 'overpaid' })
  })

  it('keeps cancelled and refunded whatever arrives', () => {
    expect(derive([pay(100n, 10)], 500_000, { cancelled: true }).status).toBe('cancelled')
    expect(derive([pay(100n, 10)], 500_000, { refunded: true }).status).toBe('refunded')
  })
})

describe('ids and memos', () => {
  it('makes unguessable ids and short, unambiguous memos', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newInvoiceId()))
    expect(ids.size).toBe(200)
    for (const id of ids) expect(id).toMatch(/^inv_[1-9A-HJ-NP-Za-km-z]{20}$/)
    const memo = newInvoiceMemo()
    expect(memo).toMatch(/^md-[0-9A-HJKMNP-TV-Z]{10}$/)
    expect(Buffer.byteLength(memo)).toBe(13)
  })

  it('takes a shop memo of 1 to 28 printable ASCII bytes that is not a Pi payment id', () => {
    expect(checkShopMemo('ORDER 42')).toBe('ORDER 42')
    expect(checkShopMemo('x-'.repeat(14))).toBe('x-'.repeat(14))
    for (const memo of ['', 'x'.repeat(29), 'naïve', 'tab\there', 'A'.repeat(28)]) expect(() => checkShopMemo(memo)).toThrow(expect.objectContaining({ code: 'invalid_memo' }))
  })
})
