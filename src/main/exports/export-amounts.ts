// Amounts in an export: plain numbers with exactly 7 decimals ("12.5000000", "-0.0100000"), a
// dot as the decimal mark and no grouping, written from integer stroops and read back into
// integer stroops, so a control total is a bigint sum and never a float one.
import { formatPi, type Stroops } from '../../shared/money'

const EXPORT_AMOUNT = /^(-?)(\d{1,12})\.(\d{7})$/

export function formatExportAmount(amount: Stroops): string {
  return formatPi(amount)
}

/** The stroops of an amount cell, or null when the cell is not an amount as exports write them. */
export function parseExportAmount(text: string): Stroops | null {
  const match = EXPORT_AMOUNT.exec(text)
  if (match === null) return null
  const [, sign, whole = '', fraction = ''] = match
  const stroops = BigInt(whole + fraction)
  return sign === '-' ? -stroops : stroops
}
