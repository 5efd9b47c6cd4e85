// The Ledger's filters on the command line, for `payments list` and `export payments` alike (the
// export writes the whole set they select, as the Ledger's "Export these payments" does).
import { Option, type Command } from 'commander'
import { DateTime } from 'luxon'
import { UserFacingError } from '../shared/errors'
import { parseUserAmount } from '../shared/money'
import { DISPLAY_STATUSES, PAYMENT_DIRECTIONS, type DisplayStatus, type PaymentDirection } from '../shared/payments'
import { dayRefusal } from '../main/exports'
import type { PaymentFilter } from '../main/ledger'

export interface LedgerFilterFlags {
  status?: string
  direction?: PaymentDirection
  from?: string
  to?: string
  min?: string
  max?: string
  search?: string
  chainCheck?: 'unchecked' | 'verified' | 'failed'
  refunded?: boolean
}

/** The filters beyond the period (--from/--to are the export's period, and the list's own). */
export function addLedgerFilterOptions(command: Command): Command {
  return command
    .option('--status <list>', `display statuses, comma-separated (${DISPLAY_STATUSES.join(', ')})`)
    .addOption(new Option('--direction <direction>', 'user_to_app or app_to_user').choices(PAYMENT_DIRECTIONS))
    .option('--min <pi>', 'smallest amount in Pi')
    .option('--max <pi>', 'largest amount in Pi')
    .option('--search <text>', 'payment id, txid, user uid, memo or metadata value')
    .addOption(new Option('--chain-check <result>', 'our chain verification').choices(['unchecked', 'verified', 'failed']))
    .option('--refunded', 'only payments with refunds')
}

export function ledgerFilterFrom(flags: LedgerFilterFlags, zone: string): PaymentFilter {
  const statuses = flags.status?.split(',').map((s) => s.trim())
  for (const status of statuses ?? []) {
    if (!(DISPLAY_STATUSES as readonly string[]).includes(status)) {
      throw new UserFacingError('invalid_option', `--status takes ${DISPLAY_STATUSES.join(', ')}; "${status}" is none of them.`)
    }
  }
  const day = (text: string, option: string, endOfDay: boolean) => {
    const start = DateTime.fromISO(text, { zone })
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !start.isValid || start.toISODate() !== text) {
      throw new UserFacingError('invalid_option', `${option}: ${dayRefusal(text)}`)
    }
    return (endOfDay ? start.plus({ days: 1 }) : start).toJSDate()
  }
  const min = flags.min === undefined ? undefined : parseUserAmount(flags.min, { allowZero: true })
  const max = flags.max === undefined ? undefined : parseUserAmount(flags.max, { allowZero: true })
  return {
    ...(statuses ? { statuses: statuses as DisplayStatus[] } : {}),
    ...(flags.direction ? { direction: flags.direction } : {}),
    ...(flags.from || flags.to
      ? {
          period: {
            field: 'created_at' as const,
            ...(flags.from ? { from: day(flags.from, '--from', false) } : {}),
            ...(flags.to ? { to: day(flags.to, '--to', true) } : {})
          }
        }
      : {}),
    ...(min !== undefined || max !== undefined ? { amount: { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) } } : {}),
    ...(flags.search ? { search: flags.search } : {}),
    ...(flags.chainCheck ? { chainCheck: flags.chainCheck } : {}),
    ...(flags.refunded ? { hasRefunds: true } : {})
  }
}
