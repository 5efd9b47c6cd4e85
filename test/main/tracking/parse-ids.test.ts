import { describe, expect, it } from 'vitest'
import { parseIdsFromText } from '../../../src/main/tracking'

const A = 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ0b'
const B = 'Zz3dE5gH7jK9mN1pQ3sT5vW7yZ0b'
const C = '0000000000000000000000000Abc'
const TXID = 'ab'.repeat(32)

describe('parseIdsFromText, pasted text', () => {
  it('takes one id per line, skipping blank lines and repeats, in first-seen order', () => {
    expect(parseIdsFromText(`${A}\r\n\n  ${B}  \n${A}\n${C}\n`)).toEqual({ ids: [A, B, C], invalid: [], column: null })
  })

  it('finds ids inside sentences and lists lines without one as invalid', () => {
    const parsed = parseIdsFromText(`Payment ${A} was paid\nsee order 42\n${B}.`)
    expect(parsed.ids).toEqual([A, B])
    expect(parsed.invalid).toEqual(['see order 42'])
  })

  it('refuses ids one character short or long, or run into other text', () => {
    const parsed = parseIdsFromText(`${A.slice(1)}\n${A}x\nx${B}\n${TXID}`)
    expect(parsed.ids).toEqual([])
    expect(parsed.invalid).toHaveLength(4)
  })

  it('reads several ids typed on one line with commas', () => {
    expect(parseIdsFromText(`${A}, ${B},${C}`).ids).toEqual([A, B, C])
  })

  it('returns nothing for empty text', () => {
    expect(parseIdsFromText('  \n\n')).toEqual({ ids: [], invalid: [], column: null })
  })
})

describe('parseIdsFromText, a CSV export from a shop backend', () => {
  it('reads the column that holds payment ids, ignoring order ids, txids and amounts', () => {
    const csv = [
      'order_id,pi_payment_id,amount,txid,status',
      `ord_001,${A},3.14,${TXID},paid`,
      `ord_002,${B},1.00,,cancelled`,
      `ord_003,not-an-id,2.00,,error`,
      `ord_004,,5.00,,pending`,
      `ord_005,${A},3.14,${TXID},paid`
    ].join('\n')
    expect(parseIdsFromText(csv)).toEqual({ ids: [A, B], invalid: ['not-an-id'], column: 'pi_payment_id' })
  })

  it('handles semicolons and quoted fields holding delimiters, quotes and line breaks', () => {
    const csv = [
      '"Customer";"Note";"Payment ID"',
      `"Smith; John";"said ""hi""\nthen left";"${A}"`,
      `"Doe";"";"${B}"`
    ].join('\r\n')
    expect(parseIdsFromText(csv)).toEqual({ ids: [A, B], invalid: [], column: 'Payment ID' })
  })

  it('reads a tab-separated export without a header row', () => {
    expect(parseIdsFromText(`x\t${A}\t1\ny\t${B}\t2\n`)).toEqual({ ids: [A, B], invalid: [], column: 'column 2' })
  })

  it('prefers the column whose header names payment ids when two columns hold ids', () => {
    const csv = ['refund_of,identifier', `${A},${B}`, `${C},${A}`].join('\n')
    expect(parseIdsFromText(csv)).toMatchObject({ ids: [B, A], column: 'identifier' })
  })

  it('falls back to a header that names ids when no cell holds a valid one, so every entry shows as refused', () => {
    const csv = ['order,payment_id', 'ord_1,abc', 'ord_2,def'].join('\n')
    expect(parseIdsFromText(csv)).toEqual({ ids: [], invalid: ['abc', 'def'], column: 'payment_id' })
  })
})
