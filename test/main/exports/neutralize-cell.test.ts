// The formula neutralizer against a corpus of CSV-injection payloads (OWASP's list, DDE calls,
// payloads hidden behind whitespace and invisible characters, full-width signs), and against
// ordinary text that must come out untouched.
import { describe, expect, it } from 'vitest'
import { couldRunAsFormula, neutralizeCell } from '../../../src/main/exports'
import { encodeCell } from '../../../src/main/exports/write-csv'
import { instantFormatter } from '../../../src/main/exports/export-times'
import { INJECTION_CORPUS } from './injection-corpus'

const ORDINARY: readonly string[] = [
  '',
  'Order 1042: two loaves',
  'user-7f3a',
  'a1B2c3D4e5F6g7H8i9J0k1L2m3N4',
  'GAPPWALLETAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  '2025-03-31T23:59:59.999+13:00',
  '12.5000000',
  'caf\u00e9 cr\u00e8me 2=1+1',
  'multi\nline = memo',
  "O'Brien",
  '{"orderId":1042}',
  'email@example.com',
  'a-b+c=d',
  '\u65e5\u672c\u8a9e\u306e\u30e1\u30e2',
  '\u{1F370} birthday cake'
]

describe('neutralizeCell', () => {
  it.each(INJECTION_CORPUS.map((payload) => [JSON.stringify(payload), payload]))(
    'puts a single quote before %s',
    (_label, payload) => {
      expect(couldRunAsFormula(payload)).toBe(true)
      expect(neutralizeCell(payload)).toBe(`'${payload}`)
    }
  )

  it.each(ORDINARY.map((text) => [JSON.stringify(text), text]))('leaves ordinary text %s as it is', (_label, text) => {
    expect(couldRunAsFormula(text)).toBe(false)
    expect(neutralizeCell(text)).toBe(text)
  })

  it('neutralizes a cell once: the result no longer looks like a formula', () => {
    for (const payload of INJECTION_CORPUS) expect(couldRunAsFormula(neutralizeCell(payload))).toBe(false)
  })
})

describe('cells by column kind', () => {
  const formatter = instantFormatter('UTC')

  it('writes amounts as plain numbers, negative ones included, never behind a quote', () => {
    expect(encodeCell('amount', -12_500_000n, formatter)).toBe('-1.2500000')
    expect(encodeCell('amount', 1n, formatter)).toBe('0.0000001')
    expect(encodeCell('amount', 0n, formatter)).toBe('0.0000000')
    expect(encodeCell('integer', 123_456n, formatter)).toBe('123456')
  })

  it('neutralizes text columns only, and leaves empty cells empty', () => {
    expect(encodeCell('text', '-5', formatter)).toBe("'-5")
    expect(encodeCell('text', null, formatter)).toBe('')
    expect(encodeCell('amount', null, formatter)).toBe('')
  })

  it('refuses a number of any other type in an amount column', () => {
    expect(() => encodeCell('amount', 1.5, formatter)).toThrow(/bigint/)
    expect(() => encodeCell('amount', '1.5', formatter)).toThrow(/bigint/)
  })
})
