// CSV text for one record, RFC 4180 as csv-stringify writes it with the options exports have
// always used (`{ bom: true, record_delimiter: 'windows', quoted_match: ['\r', '\n'] }`): a cell
// is quoted when it holds a comma, a double quote, a carriage return or a line feed, and a double
// quote inside is doubled; records end with CRLF. Written here because the export spends more time
// in a general-purpose stringifier's per-record machinery (a Transform stream per record, casting,
// option checks) than in anything else it does per row; test/main/exports/csv-text.test.ts holds this
// to csv-stringify's output, byte for byte.

/** The UTF-8 byte-order mark, first in the file (Excel reads the file as UTF-8 only with it). */
export const CSV_BOM = '\uFEFF'

const NEEDS_QUOTES = /[",\r\n]/

/** One record, CRLF included. Cells are text already (write-csv.ts encodes every value). */
export function csvRecord(cells: readonly string[]): string {
  let text = ''
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index] as string
    if (index > 0) text += ','
    text += NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell
  }
  return `${text}\r\n`
}
