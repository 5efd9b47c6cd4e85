// The filter bar's form state and the LedgerFilter it stands for. Dates are calendar days in the
// business time zone (what an accountant means by "March"), turned into UTC instants here; amounts
// are checked with the money module, so "1,5" or eight decimals are refused in words, not sent.
import { DateTime } from 'luxon'
import type { ChainCheckOutcome, LedgerFilter } from '../../../shared/contract'
import { compareStroops, formatPi, parseUserAmount, type Stroops } from '../../../shared/money'
import type { DisplayStatus, PaymentDirection } from '../../../shared/payments'

export type DateField = NonNullable<LedgerFilter['dateField']>

export interface FilterDraft {
  readonly statuses: readonly DisplayStatus[]
  readonly direction: PaymentDirection | ''
  readonly dateField: DateField
  /** YYYY-MM-DD in the business zone, or '' for open-ended. */
  readonly fromDay: string
  readonly toDay: string
  readonly minAmount: string
  readonly maxAmount: string
  readonly chainCheck: ChainCheckOutcome | ''
  readonly hasRefunds: 'yes' | 'no' | ''
  readonly search: string
}

export const EMPTY_DRAFT: FilterDraft = {
  statuses: [],
  direction: '',
  dateField: 'created_at',
  fromDay: '',
  toDay: '',
  minAmount: '',
  maxAmount: '',
  chainCheck: '',
  hasRefunds: '',
  search: ''
}

export type DraftErrors = Partial<Record<'minAmount' | 'maxAmount' | 'toDay', string>>

export interface DraftResult {
  /** What the list shows: every field that reads well; a field being fixed is left out. */
  readonly filter: LedgerFilter
  /** Per field, why it was left out. Empty when the whole draft applies. */
  readonly errors: DraftErrors
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

export function draftToFilter(draft: FilterDraft, zone: string): DraftResult {
  const errors: DraftErrors = {}
  const min = readAmount(draft.minAmount)
  let max = readAmount(draft.maxAmount)
  if (typeof min === 'string') errors.minAmount = min
  if (typeof max === 'string') errors.maxAmount = max
  if (typeof min === 'bigint' && typeof max === 'bigint' && compareStroops(min, max) > 0) {
    errors.maxAmount = 'The largest amount is below the smallest.'
    max = undefined
  }
  const from = dayStart(draft.fromDay, zone)
  let to = dayEnd(draft.toDay, zone)
  // ISO instants in UTC, all spelled alike: comparing the text compares the times.
  if (from && to && from >= to) {
    errors.toDay = 'The last day is before the first day.'
    to = null
  }

  const search = draft.search.trim()
  const filter: { -readonly [K in keyof LedgerFilter]: LedgerFilter[K] } = {}
  if (draft.statuses.length > 0) filter.statuses = [...draft.statuses]
  if (draft.direction) filter.direction = draft.direction
  if (from || to) filter.dateField = draft.dateField
  if (from) filter.from = from
  if (to) filter.to = to
  if (typeof min === 'bigint') filter.minAmount = formatPi(min)
  if (typeof max === 'bigint') filter.maxAmount = formatPi(max)
  if (draft.chainCheck) filter.chainCheck = draft.chainCheck
  if (draft.hasRefunds) filter.hasRefunds = draft.hasRefunds === 'yes'
  if (search) filter.search = search.slice(0, 200)
  return { filter, errors }
}

/** A saved filter back into the form, its instants read as days in today's business zone. */
export function filterToDraft(filter: LedgerFilter, zone: string): FilterDraft {
  return {
    statuses: filter.statuses ?? [],
    direction: filter.direction ?? '',
    dateField: filter.dateField ?? 'created_at',
    fromDay: filter.from ? dayOf(filter.from, zone) : '',
    toDay: filter.to ? dayOf(filter.to, zone, { exclusiveEnd: true }) : '',
    minAmount: filter.minAmount ? trimAmount(filter.minAmount) : '',
    maxAmount: filter.maxAmount ? trimAmount(filter.maxAmount) : '',
    chainCheck: filter.chainCheck ?? '',
    hasRefunds: filter.hasRefunds === undefined ? '' : filter.hasRefunds ? 'yes' : 'no',
    search: filter.search ?? ''
  }
}

export function isEmptyFilter(filter: LedgerFilter): boolean {
  return Object.keys(filter).length === 0
}

/** undefined for an empty field, stroops for a good amount, the reason in words otherwise. */
function readAmount(text: string): Stroops | string | undefined {
  const typed = text.trim()
  if (typed === '') return undefined
  try {
    // Anything the money module accepts (at most 7 decimals, at most what an account can hold)
    // also fits the contract's amount text once written with formatPi.
    return parseUserAmount(typed, { allowZero: true })
  } catch (error) {
    return error instanceof Error ? error.message : 'Not an amount.'
  }
}

function dayStart(day: string, zone: string): string | null {
  if (!DAY.test(day)) return null
  const start = DateTime.fromISO(day, { zone }).startOf('day')
  return start.isValid ? start.toUTC().toISO() : null
}

/** Main reads a period as half-open (from <= time < to): the last day ends where the next begins. */
function dayEnd(day: string, zone: string): string | null {
  if (!DAY.test(day)) return null
  const end = DateTime.fromISO(day, { zone }).startOf('day').plus({ days: 1 })
  return end.isValid ? end.toUTC().toISO() : null
}

function dayOf(iso: string, zone: string, { exclusiveEnd = false } = {}): string {
  let local = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone)
  if (exclusiveEnd) local = local.minus({ milliseconds: 1 })
  return local.isValid ? (local.toISODate() ?? '') : ''
}

function trimAmount(amount: string): string {
  return amount.includes('.') ? amount.replace(/0+$/, '').replace(/\.$/, '') : amount
}
