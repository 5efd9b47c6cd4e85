// How amounts, instants and long ids read on screen. Amounts arrive as exact 7-decimal strings
// and are only ever re-spelled here (trailing zeros trimmed), never turned into floats.
import { DateTime } from 'luxon'
import { formatPiShort, parseHorizonAmount } from '../../../shared/money'

/**
 * "1234.5000000" → "1,234.50"; "0.0000001" stays: trailing zeros go, every stroop stays. Text that
 * is not an amount is shown as it came.
 */
export function formatAmount(amount: string): string {
  let short: string
  try {
    short = formatPiShort(parseHorizonAmount(amount))
  } catch {
    return amount
  }
  const dot = short.indexOf('.')
  return `${short.slice(0, dot).replace(/\B(?=(\d{3})+$)/g, ',')}${short.slice(dot)}`
}

/** An ISO instant in the business time zone, as "2025-03-12 14:05" (or with seconds). */
export function formatInstant(iso: string, zone: string, options: { readonly seconds?: boolean } = {}): string {
  const instant = DateTime.fromISO(iso, { zone: 'utc' })
  if (!instant.isValid) return iso
  const local = instant.setZone(zone)
  const shown = local.isValid ? local : instant
  return shown.toFormat(options.seconds ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm')
}

/** The zone's short name at that instant ("CET", "UTC+9"), for labels next to times. */
export function zoneAbbreviation(iso: string, zone: string): string {
  const local = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone)
  return local.isValid ? local.toFormat('ZZZZ') : zone
}

/** "GABC…WXYZ": enough of both ends to tell ids apart at a glance; the full text goes in a title. */
export function shortenMiddle(text: string, head = 6, tail = 4): string {
  return text.length <= head + tail + 1 ? text : `${text.slice(0, head)}…${text.slice(-tail)}`
}

const COUNT = new Intl.NumberFormat('en-US')

/** Counts with thousands separators ("12,340"). Counts are integers: a Number is exact here. */
export function formatCount(count: number): string {
  return COUNT.format(count)
}
