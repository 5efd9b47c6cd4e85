// Pasted text → the payment ids to track. Accepts one id per line, or CSV / spreadsheet rows in
// which one column holds the ids (other columns, a header row and quotes are left out). A line
// that holds a single value is always sent, even when it does not look like an id: main says why
// it refused it, so a typo is reported instead of silently dropped.
import { PAYMENT_ID_SHAPE } from './payment-labels'

export interface PastedIds {
  /** In first-seen order, without repeats. */
  readonly ids: readonly string[]
  /** Cells of CSV rows that were not ids (amounts, names, headers). */
  readonly ignored: number
  readonly repeats: number
}

const CELL_SEPARATORS = /[,;\t]/
const MAX_ID_LENGTH = 64

export function parsePastedIds(text: string): PastedIds {
  const ids: string[] = []
  const seen = new Set<string>()
  let ignored = 0
  let repeats = 0
  const add = (id: string) => {
    if (seen.has(id)) {
      repeats += 1
      return
    }
    seen.add(id)
    ids.push(id)
  }

  for (const line of text.split(/\r?\n/)) {
    const cells = line
      .split(CELL_SEPARATORS)
      .map(unquote)
      .filter((cell) => cell !== '')
    if (cells.length === 0) continue
    if (cells.length === 1 && !CELL_SEPARATORS.test(line)) {
      // Several ids on one line, separated by spaces, are several ids.
      for (const word of (cells[0] ?? '').split(/\s+/)) if (word) add(word.slice(0, MAX_ID_LENGTH))
      continue
    }
    const found = cells.filter((cell) => PAYMENT_ID_SHAPE.test(cell))
    found.forEach(add)
    ignored += cells.length - found.length
  }
  return { ids, ignored, repeats }
}

function unquote(cell: string): string {
  return cell.trim().replace(/^["']+|["']+$/g, '').trim()
}
