import { describe, expect, it } from 'vitest'
import { UserFacingError } from '../../src/shared/errors'
import {
  isPaymentIdentifier,
  isTxid,
  parsePaymentDto,
  parsePiTimestamp,
  readPayment
} from '../../src/shared/payments'

const BUYER = 'GCFIRY65OQE7DFP5KLNS2PF2LVZMUZYJX4OZIEQ36N2IQANUB5XVYOJR'
const APP_WALLET = 'GCATS5YOVB6ROX2WUNKGNQ2MP3GMXDMKSG2O4N5CLX3A6W4PZGZZI55U'
const TXID = 'A3F1'.repeat(16)

function piAnswer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    identifier: 'tXsN3aPq8JmZ0cVb7YkR2wLd5HfG',
    user_uid: 'a1b2c3d4-user',
    amount: 3.14,
    memo: 'Digital kitten #1234',
    metadata: { orderId: 'SO-1001' },
    from_address: BUYER,
    to_address: APP_WALLET,
    direction: 'user_to_app',
    created_at: '2024-05-01T12:34:56.789Z',
    network: 'Pi Testnet',
    status: {
      developer_approved: true,
      transaction_verified: true,
      developer_completed: false,
      cancelled: false,
      user_cancelled: false
    },
    transaction: { txid: TXID, verified: true, _link: `https://api.testnet.minepi.com/transactions/${TXID}` },
    split_recipients: [],
    token_canonical: 'native',
    ...overrides
  }
}

function readError(json: unknown): UserFacingError {
  try {
    readPayment(json)
  } catch (error) {
    if (error instanceof UserFacingError) return error
    throw error
  }
  throw new Error('expected the payment to be refused')
}

describe('reading a Pi PaymentDTO', () => {
  it('turns a valid answer into a Payment with stroops, a Date and our naming', () => {
    const payment = readPayment(piAnswer())
    expect(payment).toEqual({
      identifier: 'tXsN3aPq8JmZ0cVb7YkR2wLd5HfG',
      userUid: 'a1b2c3d4-user',
      amount: 31_400_000n,
      memo: 'Digital kitten #1234',
      metadata: { orderId: 'SO-1001' },
      fromAddress: BUYER,
      toAddress: APP_WALLET,
      direction: 'user_to_app',
      createdAt: new Date(Date.UTC(2024, 4, 1, 12, 34, 56, 789)),
      network: 'Pi Testnet',
      status: {
        developerApproved: true,
        transactionVerified: true,
        developerCompleted: false,
        cancelled: false,
        userCancelled: false
      },
      transaction: {
        txid: TXID.toLowerCase(),
        verified: true,
        horizonLink: `https://api.testnet.minepi.com/transactions/${TXID}`
      }
    })
  })

  it('keeps unknown fields Pi adds on the validated DTO', () => {
    const dto = parsePaymentDto(piAnswer({ brand_new_field: 42 }))
    expect(dto['token_canonical']).toBe('native')
    expect(dto['brand_new_field']).toBe(42)
  })

  it('reads the tiniest amount, which JSON carries as 1e-7, as one stroop', () => {
    const body = JSON.stringify(piAnswer({ amount: 0 })).replace('"amount":0', '"amount":1e-7')
    expect(body).toContain('"amount":1e-7')
    expect(readPayment(JSON.parse(body)).amount).toBe(1n)
  })

  it('accepts a payment with no transaction yet and null metadata', () => {
    const payment = readPayment(piAnswer({ transaction: null, metadata: null }))
    expect(payment.transaction).toBeNull()
    expect(payment.metadata).toEqual({})
  })

  it.each<[string, Record<string, unknown>, string]>([
    ['a 27-character identifier', { identifier: 'tXsN3aPq8JmZ0cVb7YkR2wLd5Hf' }, 'identifier'],
    ['a 29-character identifier', { identifier: 'tXsN3aPq8JmZ0cVb7YkR2wLd5HfGx' }, 'identifier'],
    ['an identifier that would change a URL path', { identifier: '../../payments/xN3aPq8JmZ0cV' }, 'identifier'],
    ['an amount sent as a string', { amount: '3.14' }, 'amount'],
    ['an amount with 8 decimals', { amount: 1.5e-7 }, 'at most 7 decimals'],
    ['a zero amount', { amount: 0 }, 'more than 0 Pi'],
    ['a negative amount', { amount: -1 }, 'cannot be negative'],
    ['an amount beyond int64', { amount: 1e21 }, 'more than any Pi account can hold'],
    ['an unknown network', { network: 'Public Global Stellar Network ; September 2015' }, 'network'],
    ['an unknown direction', { direction: 'app_to_app' }, 'direction'],
    ['a lowercase address', { to_address: APP_WALLET.toLowerCase() }, 'to_address'],
    ['a secret seed where an address belongs', { from_address: `S${BUYER.slice(1)}` }, 'from_address'],
    ['an impossible date', { created_at: '2023-02-29T10:00:00Z' }, 'created_at'],
    ['a date that is not ISO-8601', { created_at: 'yesterday' }, 'created_at'],
    [
      'a status boolean sent as text',
      { status: { ...(piAnswer()['status'] as object), cancelled: 'false' } },
      'status.cancelled'
    ],
    ['a missing status boolean', { status: { developer_approved: true } }, 'status.transaction_verified'],
    ['a txid that is not 64 hex', { transaction: { txid: 'abc', verified: false, _link: 'x' } }, 'transaction.txid'],
    ['a transaction without its link', { transaction: { txid: TXID, verified: false } }, 'transaction._link'],
    ['an array as metadata', { metadata: ['a'] }, 'metadata'],
    ['an empty user uid', { user_uid: '' }, 'user_uid']
  ])('refuses %s and names the field', (_what, overrides, mention) => {
    const error = readError(piAnswer(overrides))
    expect(error.code).toBe('malformed_payment')
    expect(error.message).toContain(mention)
  })

  it('refuses a missing field, an HTML error page and non-objects', () => {
    const { memo: _memo, ...withoutMemo } = piAnswer()
    expect(readError(withoutMemo).message).toContain('memo')
    for (const junk of ['<html><body>502 Bad Gateway</body></html>', null, [piAnswer()], 42]) {
      expect(readError(junk).code).toBe('malformed_payment')
    }
  })
})

describe('identifier and txid shapes', () => {
  it('accepts only 28 base62 characters as a payment identifier', () => {
    expect(isPaymentIdentifier('tXsN3aPq8JmZ0cVb7YkR2wLd5HfG')).toBe(true)
    expect(isPaymentIdentifier('tXsN3aPq8JmZ0cVb7YkR2wLd5Hf_')).toBe(false)
    expect(isPaymentIdentifier('tXsN3aPq8JmZ0cVb7YkR2wLd5Hf\n')).toBe(false)
    expect(isPaymentIdentifier(28)).toBe(false)
  })

  it('accepts only 64 hex digits as a txid', () => {
    expect(isTxid('0'.repeat(64))).toBe(true)
    expect(isTxid('g'.repeat(64))).toBe(false)
    expect(isTxid('0'.repeat(63))).toBe(false)
  })
})

describe('parsePiTimestamp', () => {
  it.each<[string, string]>([
    ['2024-05-01T12:34:56.789Z', '2024-05-01T12:34:56.789Z'],
    ['2024-05-01T12:34:56Z', '2024-05-01T12:34:56.000Z'],
    ['2024-05-01T12:34Z', '2024-05-01T12:34:00.000Z'],
    ['2024-05-01T12:34:56.789123Z', '2024-05-01T12:34:56.789Z'],
    ['2024-05-01T12:34:56.999999Z', '2024-05-01T12:34:56.999Z'],
    ['2024-05-01T14:34:56+02:00', '2024-05-01T12:34:56.000Z'],
    ['2024-05-01T07:34:56-0500', '2024-05-01T12:34:56.000Z'],
    ['2024-05-01T23:59:59', '2024-05-01T23:59:59.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z']
  ])('reads %s as %s (no zone means UTC)', (text, iso) => {
    expect(parsePiTimestamp(text)?.toISOString()).toBe(iso)
  })

  it.each([
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-00-10T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T12:60:00Z',
    '2024-05-01T12:00:60Z',
    '2024-05-01T12:00:00+24:00',
    '2024-05-01',
    '2024-05-01 12:00:00Z',
    'Wed, 01 May 2024 12:00:00 GMT',
    ''
  ])('refuses %j', (text) => {
    expect(parsePiTimestamp(text)).toBeNull()
  })
})
