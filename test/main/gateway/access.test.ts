// Security: the two checks before any start_payment, as pure functions: the allow list (IPs and
// CIDR ranges, both families, IPv4 peers of a dual-stack socket) and the Bearer token.
import { describe, expect, it } from 'vitest'
import { bearerMatches, checkGatewayToken, parseAllowList } from '../../../src/main/gateway'

describe('parseAllowList', () => {
  it('is loopback only when empty', () => {
    for (const given of [undefined, null, '', ' , ', []]) {
      const list = parseAllowList(given)
      expect(list.entries).toEqual(['127.0.0.0/8', '::1'])
      expect(list.allows('127.0.0.1')).toBe(true)
      expect(list.allows('127.9.9.9')).toBe(true)
      expect(list.allows('::1')).toBe(true)
      expect(list.allows('::ffff:127.0.0.1')).toBe(true)
      expect(list.allows('10.0.0.1')).toBe(false)
      expect(list.allows('::2')).toBe(false)
    }
  })

  it('takes IPs and ranges separated by commas or spaces, and nothing else', () => {
    const list = parseAllowList('203.0.113.7, 10.0.0.0/8 2001:db8::/32')
    expect(list.entries).toEqual(['203.0.113.7', '10.0.0.0/8', '2001:db8::/32'])
    const cases: Array<[string | undefined, boolean]> = [
      ['203.0.113.7', true],
      ['::ffff:203.0.113.7', true],
      ['203.0.113.8', false],
      ['10.255.0.1', true],
      ['11.0.0.1', false],
      ['2001:db8:1::5', true],
      ['2001:db9::1', false],
      // Loopback is not added to a list that is given.
      ['127.0.0.1', false],
      ['not an address', false],
      [undefined, false]
    ]
    for (const [address, allowed] of cases) expect(list.allows(address), String(address)).toBe(allowed)
  })

  it('refuses a list with one wrong entry', () => {
    for (const wrong of ['10.0.0.0/33', '10.0.0/8', 'localhost', '::1/129', '10.0.0.1/', '10.0.0.0/8/8', '10.0.0.0/-1', '10.0.0.0/08x']) {
      expect(() => parseAllowList(`127.0.0.1,${wrong}`), wrong).toThrow(expect.objectContaining({ code: 'gateway_allow_invalid' }))
    }
  })
})

describe('bearerMatches', () => {
  const token = 'shop-token-7f3a9c1e5b2d4f60'
  it('accepts exactly "Bearer <token>"', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true)
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true)
  })
  it('refuses anything else', () => {
    for (const header of [undefined, '', token, `Bearer`, `Bearer ${token.slice(1)}`, `Bearer ${token}0`, `Token ${token}`, `Bearer ${token} extra`, `Bearer ${token.toUpperCase()}`]) {
      expect(bearerMatches(header, token), String(header)).toBe(false)
    }
  })
})

describe('checkGatewayToken', () => {
  it('refuses none and short ones, and trims what it keeps', () => {
    expect(() => checkGatewayToken(undefined)).toThrow(expect.objectContaining({ code: 'gateway_token_missing' }))
    expect(() => checkGatewayToken('   ')).toThrow(expect.objectContaining({ code: 'gateway_token_missing' }))
    expect(() => checkGatewayToken('123456789012345')).toThrow(expect.objectContaining({ code: 'gateway_token_weak' }))
    expect(checkGatewayToken(' 1234567890123456\n')).toBe('1234567890123456')
  })
})
