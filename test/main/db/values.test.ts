import { describe, expect, it } from 'vitest'
import { fromEpochMs, fromFlag, toEpochMs, toFlag } from '../../../src/main/db/values'

describe('column values', () => {
  it('stores booleans as 0/1 and reads the bigint back', () => {
    expect([toFlag(true), toFlag(false)]).toEqual([1, 0])
    expect([fromFlag(1n), fromFlag(0n)]).toEqual([true, false])
  })

  it('stores times as epoch milliseconds and reads them back to the same instant', () => {
    const at = new Date('2025-03-14T09:30:00.123Z')
    expect(toEpochMs(at)).toBe(1741944600123)
    expect(fromEpochMs(BigInt(toEpochMs(at))).toISOString()).toBe('2025-03-14T09:30:00.123Z')
  })

  it('refuses an invalid date rather than store NaN', () => {
    expect(() => toEpochMs(new Date('not a date'))).toThrow(RangeError)
  })
})
