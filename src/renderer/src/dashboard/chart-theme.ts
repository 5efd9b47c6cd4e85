// Chart colours, mirroring tokens.css (SVG presentation attributes cannot read CSS variables).
// Received is the accent; paid out a muted amber; statuses use their badge tones.
import { DateTime } from 'luxon'
import type { DisplayStatus } from '../../../shared/payments/status'

export const CHART = {
  received: '#2c5a85',
  receivedSoft: '#c8d7e6',
  paid: '#b7791f',
  paidSoft: '#f1dfc2',
  grid: '#e8e8e3',
  axis: '#6a7078',
  queue: '#7d5200'
} as const

export const STATUS_COLORS: Readonly<Record<DisplayStatus, string>> = {
  created: '#a3a9b0',
  approved: '#7e8893',
  submitted: '#7ea3c6',
  verified: '#2c5a85',
  completed: '#2d6a3e',
  cancelled: '#d08b82',
  user_cancelled: '#a12a28'
}

export const AXIS_TICK = { fontSize: 11, fill: CHART.axis } as const

/** "03-03" on the axis (the year is in the period above); the tooltip says the full day. */
export function dayTick(day: string): string {
  const date = DateTime.fromISO(day, { zone: 'utc' })
  return date.isValid ? date.toFormat('MM-dd') : day
}

/** "2026-03-03 (Tuesday)": the ISO day every screen uses, with its weekday. */
export function dayLong(day: string): string {
  const date = DateTime.fromISO(day, { zone: 'utc' })
  return date.isValid ? `${date.toFormat('yyyy-MM-dd')} (${date.toFormat('cccc')})` : day
}

/** Axis labels for Pi amounts: short ("1.2k"), since the exact figures are in the cards and tooltips. */
export function compactTick(value: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value)
}
