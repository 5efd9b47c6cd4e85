// DashboardView → what the charts and cards draw. Invariant (design.md, money is exact): totals
// are summed as bigint stroops and shown as the exact strings; Number() appears only in
// `plotValue`, for the height of a bar or an area, and nothing read from a chart is ever summed.
import type { DashboardView } from '../../../shared/contract'
import { formatPi, parseHorizonAmount, sumStroops } from '../../../shared/money'
import { DISPLAY_STATUSES, type DisplayStatus } from '../../../shared/payments/status'
import { daysOf, type DayRange } from './period'

export interface DailyPoint {
  readonly day: string
  /** For drawing only. */
  readonly received: number
  readonly paid: number
  /** Exact, for the tooltip. */
  readonly receivedText: string
  readonly paidText: string
  readonly receivedCount: number
  readonly paidCount: number
}

export interface PeriodTotals {
  readonly receivedCount: number
  readonly received: string
  readonly paidCount: number
  readonly paid: string
}

export interface StatusSlice {
  readonly status: DisplayStatus
  readonly count: number
  readonly amount: string
  /** Exact 7-decimal Pi of this status's sales (into the wallet) and refunds and payouts (out of it). */
  readonly received: string
  readonly paidOut: string
  readonly amountValue: number
}

const ZERO = '0.0000000'

/** A bar's height. Never a sum, never shown as a number of Pi. */
export function plotValue(amount: string): number {
  const value = Number(amount)
  return Number.isFinite(value) ? value : 0
}

export function dailySeries(view: DashboardView, range: DayRange): DailyPoint[] {
  const byDay = new Map(view.days.map((day) => [day.day, day]))
  return daysOf(range).map((day) => {
    const found = byDay.get(day)
    const receivedText = found?.received ?? ZERO
    const paidText = found?.paid ?? ZERO
    return {
      day,
      received: plotValue(receivedText),
      paid: plotValue(paidText),
      receivedText,
      paidText,
      receivedCount: found?.receivedCount ?? 0,
      paidCount: found?.paidCount ?? 0
    }
  })
}

/** Null when main sent an amount that is not Horizon-style text: a wrong total is worse than none. */
export function periodTotals(view: DashboardView): PeriodTotals | null {
  try {
    return {
      receivedCount: view.days.reduce((count, day) => count + day.receivedCount, 0),
      received: formatPi(sumStroops(view.days.map((day) => parseHorizonAmount(day.received)))),
      paidCount: view.days.reduce((count, day) => count + day.paidCount, 0),
      paid: formatPi(sumStroops(view.days.map((day) => parseHorizonAmount(day.paid))))
    }
  } catch {
    return null
  }
}

/** Statuses in the order a payment moves through them, the ones with no payment left out. */
export function statusSlices(view: DashboardView): StatusSlice[] {
  const byStatus = new Map(view.statuses.map((entry) => [entry.status, entry]))
  return DISPLAY_STATUSES.flatMap((status) => {
    const entry = byStatus.get(status)
    if (!entry || entry.count === 0) return []
    return [{ status, count: entry.count, amount: entry.amount, received: entry.received, paidOut: entry.paidOut, amountValue: plotValue(entry.amount) }]
  })
}

export function isQuietPeriod(view: DashboardView): boolean {
  return view.days.every((day) => day.receivedCount === 0 && day.paidCount === 0) && view.statuses.every((s) => s.count === 0)
}
