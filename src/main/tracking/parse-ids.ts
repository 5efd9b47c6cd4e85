// Payment ids handed over by the shop's backend, as a merchant pastes them: one per line, a
// sentence with an id in it, or a CSV export with an id column among many. Pure (no Node, no
// Electron), so the renderer can show what will be tracked before anything is sent.
import { PAYMENT_IDENTIFIER_PATTERN } from '../../shared/payments'

export interface ParsedIds {
  /** Distinct payment ids, in the order they first appear. */
  readonly ids: readonly string[]
  /** Distinct entries that are not payment ids (shortened to 64 characters). */
  readonly invalid: readonly string[]
  /** The CSV column the ids were read from (its header, or "column N"); null for plain text. */
  readonly column: string | null
}

const DELIMITERS = [',', ';', '\t'] as const
/** An id standing alone: 28 base62 characters not run into other letters or digits. */
const ID_IN_TEXT = /(?<![A-Za-z0-9])[A-Za-z0-9]{28}(?![A-Za-z0-9])/g
const ID_HEADER = /^(pi[ _-]?)?(payment[ _-]?)?(id|identifier)$|payment[ _-]?id|identifier/i
const MAX_ENTRY = 64

export function parseIdsFromText(text: string): ParsedIds {
  const rows = parseTable(text)
  // One row is a list typed on one line ("id1, id2"), not a table with an id column.
  return rows.length < 2 ? fromLines(text) : fromCsv(rows)
}

function fromLines(text: string): ParsedIds {
  const ids = new Set<string>()
  const invalid = new Set<string>()
  for (const line of text.split(/\r\n|\n|\r/)) {
    const found = line.match(ID_IN_TEXT)
    if (found !== null) for (const id of found) ids.add(id)
    else if (line.trim() !== '') invalid.add(shorten(line.trim()))
  }
  return { ids: [...ids], invalid: [...invalid], column: null }
}

function fromCsv(rows: readonly (readonly string[])[]): ParsedIds {
  const width = Math.max(0, ...rows.map((row) => row.length))
  const header = rows[0] ?? []
  const scores = Array.from({ length: width }, (_, column) =>
    rows.reduce((count, row) => (isId(row[column]) ? count + 1 : count), 0)
  )
  const best = Math.max(0, ...scores)
  // The column with the most ids wins; a header that names ids breaks a tie (or picks the column
  // when no cell holds a valid id, so the merchant sees every entry refused instead of nothing).
  const candidates = scores.flatMap((score, column) => (score === best ? [column] : []))
  const column =
    candidates.find((index) => ID_HEADER.test((header[index] ?? '').trim())) ??
    (best > 0 ? candidates[0] : header.findIndex((name) => ID_HEADER.test(name.trim())))
  if (column === undefined || column < 0) return { ids: [], invalid: [], column: null }

  const hasHeader = !isId(header[column]) && rows.length > 1
  const ids = new Set<string>()
  const invalid = new Set<string>()
  for (const row of rows.slice(hasHeader ? 1 : 0)) {
    const cell = (row[column] ?? '').trim()
    if (isId(cell)) ids.add(cell)
    else if (cell !== '') invalid.add(shorten(cell))
  }
  const name = hasHeader ? (header[column] ?? '').trim() : ''
  return { ids: [...ids], invalid: [...invalid], column: name === '' ? `column ${column + 1}` : name }
}

/**
 * The rows of a CSV-like text: the delimiter that splits every row (quotes respected) into two
 * fields or more, the most fields overall winning. None: the text is plain lines.
 */
function parseTable(text: string): string[][] {
  let best: string[][] = []
  let bestFields = 0
  for (const delimiter of DELIMITERS) {
    const rows = parseDelimited(text, delimiter)
    if (rows.length === 0 || rows.some((row) => row.length < 2)) continue
    const fields = rows.reduce((sum, row) => sum + row.length, 0)
    if (fields > bestFields) {
      best = rows
      bestFields = fields
    }
  }
  return best
}

/** RFC 4180: quoted fields may hold the delimiter, newlines and doubled quotes. */
function parseDelimited(text: string, delimiter: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i += 1
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"' && field.trim() === '') {
      quoted = true
      field = ''
    } else if (char === delimiter) {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1
      row.push(field)
      if (row.some((cell) => cell.trim() !== '')) rows.push(row)
      row = []
      field = ''
    } else field += char
  }
  row.push(field)
  if (row.some((cell) => cell.trim() !== '')) rows.push(row)
  return rows
}

function isId(value: string | undefined): boolean {
  return value !== undefined && PAYMENT_IDENTIFIER_PATTERN.test(value.trim())
}

function shorten(text: string): string {
  return text.length > MAX_ENTRY ? `${text.slice(0, MAX_ENTRY - 3)}...` : text
}
