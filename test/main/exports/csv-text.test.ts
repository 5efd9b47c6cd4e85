// The export's own CSV record writer must write exactly what csv-stringify wrote with the options
// exports used before it (files written by earlier builds and by this one read the same).
import { stringify, type Options } from 'csv-stringify/sync'
import { describe, expect, it } from 'vitest'
import { CSV_BOM, csvRecord } from '../../../src/main/exports/csv-text'
import { INJECTION_CORPUS } from './injection-corpus'

const OPTIONS: Options = { bom: true, record_delimiter: 'windows', quoted_match: ['\r', '\n'] }

const CELLS: readonly string[] = [
  '',
  'plain',
  'a,b',
  'say "hi"',
  '"',
  '""',
  'line\nbreak',
  'carriage\rreturn',
  'crlf\r\nend',
  ' leading and trailing ',
  "'=1+1",
  'tab\there',
  'ünïcödé ✓ 𝄞',
  ';semicolon;',
  '\u2028separator'
]

describe('csvRecord', () => {
  it('writes each awkward cell as csv-stringify does', () => {
    for (const cell of CELLS) {
      expect(CSV_BOM + csvRecord(['x', cell, 'y']), JSON.stringify(cell)).toBe(stringify([['x', cell, 'y']], OPTIONS))
    }
  })

  it('writes the formula-injection corpus as csv-stringify does, several records in one file', () => {
    const records = INJECTION_CORPUS.map((cell) => ['payments/1', String(cell), 'z'])
    expect(CSV_BOM + records.map(csvRecord).join('')).toBe(stringify(records, OPTIONS))
  })
})
