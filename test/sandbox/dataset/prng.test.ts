import { describe, expect, it } from 'vitest'
import { createPrng } from '../../../src/sandbox/dataset/prng'

describe('the seeded PRNG', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const prng = createPrng(seed)
      return Array.from({ length: 32 }, () => prng.uint32())
    }
    expect(draw(7)).toEqual(draw(7))
    expect(draw(7)).not.toEqual(draw(8))
    expect(draw(2 ** 40)).not.toEqual(draw(0))
  })

  it('spreads int(bound) evenly', () => {
    const prng = createPrng(1)
    const buckets = new Array<number>(10).fill(0)
    for (let i = 0; i < 100_000; i++) buckets[prng.int(10)]! += 1
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500)
  })

  it('makes 64-hex hashes and exact-length byte strings', () => {
    const prng = createPrng(3)
    expect(prng.hex64()).toMatch(/^[0-9a-f]{64}$/)
    expect(prng.bytes(32)).toHaveLength(32)
  })

  it('never repeats hashes, identifiers or key seeds over thousands of draws', () => {
    const prng = createPrng(9)
    const count = 20_000
    expect(new Set(Array.from({ length: count }, () => prng.hex64())).size).toBe(count)
    expect(new Set(Array.from({ length: count }, () => prng.base62(28))).size).toBe(count)
    expect(new Set(Array.from({ length: count }, () => Buffer.from(prng.bytes(32)).toString('hex'))).size).toBe(count)
  })

  it('keeps its sequence across versions: generated datasets stay byte-identical for a seed', () => {
    const prng = createPrng(1)
    expect([prng.uint32(), prng.uint32(), prng.uint32()]).toEqual([1828152527, 3394835397, 2967886022])
    expect(prng.hex64()).toBe('862c38f0f747e6ebf1bcc746c031cfb8dbfdcec24267b0a320056652121f37a3')
    expect(prng.base62(28)).toBe('kMqgb8Ohz6SjjgBEP2LcU9nSFA6p')
  })

  it('draws an independent stream per label from the same seed', () => {
    const plain = createPrng(1)
    const keys = createPrng(1, 'sandbox-keys')
    expect(keys.uint32()).toBe(2385045259)
    expect(Array.from({ length: 8 }, () => keys.uint32())).not.toEqual(Array.from({ length: 8 }, () => plain.uint32()))
  })

  it('refuses a non-integer seed', () => {
    expect(() => createPrng(1.5)).toThrow(/integer/)
  })
})
