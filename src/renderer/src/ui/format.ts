// How amounts, instants and long ids read on screen. Amounts arrive as exact 7-decimal strings
// and are only ever re-spelled here (trailing zeros trimmed), never turned into floats.
import { DateTime } from 'luxon'
import { formatPiShort, parseHorizonAmount } from '../../../shared/money'

/**
 * "1234.5000000" → "1,234.50"; "0.0000001" stays: trailing zeros go, every stroop stays. With
 * `decimals` (see decimalsFor), every amount of a screen shows that many, so columns line up;
 * an amount that needs more still shows every stroop. Text that is not an amount is shown as it came.
 */
export function formatAmount(amount: string, decimals?: number): string {
  let short: string
  try {
    short = formatPiShort(parseHorizonAmount(amount))
  } catch {
    return amount
  }
  const dot = short.indexOf('.')
  let fraction = short.slice(dot + 1)
  if (decimals !== undefined && fraction.length < decimals) fraction = fraction.padEnd(decimals, '0')
  return `${short.slice(0, dot).replace(/\B(?=(\d{3})+$)/g, ',')}.${fraction}`
}

/** The decimals every amount of a screen needs (at least 2), so all of them show the same number. */
export function decimalsFor(amounts: Iterable<string | null | undefined>): number {
  let most = 2
  for (const amount of amounts) {
    if (!amount) continue
    const match = /\.(\d*?)0*$/.exec(amount.trim())
    if (match?.[1] && match[1].length > most) most = Math.min(7, match[1].length)
  }
  return most
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
