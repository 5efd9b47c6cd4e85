import { describe, expect, it } from 'vitest'
import {
  isPaymentIdentifier,
  newAccessToken,
  newPaymentIdentifier,
  newUserUid
} from '../../../src/sandbox/platform/identifiers'
import { createPrng } from '../../../src/sandbox/dataset/prng'

describe('Pi-shaped identifiers', () => {
  it('makes 28-character base62 payment identifiers that fit a text memo', () => {
    const ids = new Set(Array.from({ length: 500 }, () => newPaymentIdentifier()))
    expect(ids.size).toBe(500)
    for (const id of ids) {
      expect(id).toMatch(/^[0-9A-Za-z]{28}$/)
      expect(Buffer.byteLength(id)).toBe(28)
      expect(isPaymentIdentifier(id)).toBe(true)
    }
    expect(isPaymentIdentifier('short')).toBe(false)
    expect(isPaymentIdentifier('x'.repeat(27) + '!')).toBe(false)
  })

  it('draws the same identifiers from the same seeded source', () => {
    const a = createPrng(42)
    const b = createPrng(42)
    expect(newPaymentIdentifier(a.int)).toBe(newPaymentIdentifier(b.int))
    expect(newUserUid(a.int)).toBe(newUserUid(b.int))
    expect(newAccessToken(a.int)).toBe(newAccessToken(b.int))
  })

  it('shapes user uids like UUIDs', () => {
    expect(newUserUid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
