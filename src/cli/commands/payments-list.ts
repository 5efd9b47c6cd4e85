// `merchant-desk payments list` and `payments show`: the ledger query from a terminal. --json
// prints Pi's PaymentDTO field names with amounts as 7-decimal strings, plus what Merchant Desk
// knows beyond Pi's record under `merchant_desk`.
import { Option, type Command } from 'commander'
import { DateTime } from 'luxon'
import { LEDGER_SORT_COLUMNS, type LedgerSortColumn } from '../../shared/contract'
import { UserFacingError } from '../../shared/errors'
import { formatPi, parseUserAmount } from '../../shared/money'
import { DISPLAY_STATUSES, PAYMENT_DIRECTIONS, paymentLink, type DisplayStatus, type PaymentDirection } from '../../shared/payments'
import { getPaymentDetail, listPayments, type LedgerRow, type PaymentFilter } from '../../main/ledger'
import { SettingsRepository } from '../../main/db'
import { EventBus } from '../../main/router/events'
import { SettingsService } from '../../main/settings/settings-service'
import { paymentDetailView, paymentDtoView } from '../../main/views/payment-views'
import { openCliContext, withConnectionOptions, type CliContext, type ConnectionFlags } from '../context'

interface ListFlags extends ConnectionFlags {
  status?: string
  direction?: PaymentDirection
  from?: string
  to?: string
  min?: string
  max?: string
  search?: string
  chainCheck?: 'unchecked' | 'verified' | 'failed'
  refunded?: boolean
  sort?: string
  limit: string
  all?: boolean
  json?: boolean
}

export function registerPaymentsListCommands(payments: Command): void {
  withConnectionOptions(payments.command('list').description('List the ledger, newest first.'))
    .option('--status <list>', `display statuses, comma-separated (${DISPLAY_STATUSES.join(', ')})`)
    .addOption(new Option('--direction <direction>', 'user_to_app or app_to_user').choices(PAYMENT_DIRECTIONS))
    .option('--from <date>', 'created on or after this day (YYYY-MM-DD, business time zone)')
    .option('--to <date>', 'created on or before this day (YYYY-MM-DD, business time zone)')
    .option('--min <pi>', 'smallest amount in Pi')
    .option('--max <pi>', 'largest amount in Pi')
    .option('--search <text>', 'payment id, txid, user uid, memo or metadata value')
    .addOption(new Option('--chain-check <result>', 'our chain verification').choices(['unchecked', 'verified', 'failed']))
    .option('--refunded', 'only payments with refunds')
    .option('--sort <column[:asc|desc]>', `one of ${LEDGER_SORT_COLUMNS.join(', ')}`, 'created_at:desc')
    .option('--limit <n>', 'rows to print', '100')
    .option('--all', 'every matching row (streamed page by page)')
    .option('--json', 'one JSON object per line')
    .action(async (flags: ListFlags) => {
      const context = await openCliContext(flags)
      try {
        const zone = new SettingsService(new SettingsRepository(context.store), new EventBus()).current().businessTimeZone
        const filter = filterFrom(flags, zone)
        const sort = sortFrom(flags.sort ?? 'created_at:desc')
        let remaining = flags.all ? Number.POSITIVE_INFINITY : positiveInt(flags.limit)
        let cursor: string | null = null
        do {
          const page = listPayments(context.store, {
            networkId: context.networkId,
            filter,
            sort,
            cursor,
            limit: Math.min(500, remaining)
          })
          for (const row of page.rows) process.stdout.write(`${flags.json ? jsonLine(context, row) : textLine(row)}\n`)
          remaining -= page.rows.length
          cursor = page.nextCursor
        } while (cursor !== null && remaining > 0)
      } finally {
        await context.close()
      }
    })

  withConnectionOptions(payments.command('show').description('One payment: Pi’s record, chain facts, refunds, timeline.'))
    .argument('<id>', 'the payment id')
    .option('--json', 'as JSON')
    .action(async (id: string, flags: ConnectionFlags & { json?: boolean }) => {
      const context = await openCliContext(flags)
      try {
        const detail = getPaymentDetail(context.store, { networkId: context.networkId, identifier: id })
        if (!detail) {
          throw new UserFacingError('payment_not_in_ledger', `Payment ${id} is not in the ledger. Run a sync, or track its id.`)
        }
        const view = paymentDetailView(detail, context.explorerTxUrl)
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(view)}\n`)
          return
        }
        const { row, chain } = view
        const lines = [
          `${row.identifier}  ${row.direction}  ${row.amount} Pi  ${row.status}${row.flags.length ? ` [${row.flags.join(', ')}]` : ''}`,
          `user ${row.userUid}  created ${row.createdAt}  memo ${JSON.stringify(row.memo)}`,
          `in Merchant Desk: ${paymentLink(row.identifier)}`,
          `chain: ${chain.txid ?? 'no transaction'}${chain.ledger !== null ? `  ledger ${chain.ledger}  fee ${chain.fee} Pi` : ''}  check ${row.chainCheck}${chain.failureReasons.length ? ` (${chain.failureReasons.join(', ')})` : ''}`,
          ...(view.refundableRemainder !== null ? [`refundable: ${view.refundableRemainder} Pi`] : []),
          ...view.refunds.map((r) => `refund ${r.identifier}  ${r.amount} Pi  ${r.status}`),
          ...view.timeline.map((t) => `${t.at}  ${t.label}${t.detail ? `  ${t.detail}` : ''}`)
        ]
        process.stdout.write(`${lines.join('\n')}\n`)
      } finally {
        await context.close()
      }
    })
}

function jsonLine(context: CliContext, row: LedgerRow): string {
  const detail = getPaymentDetail(context.store, { networkId: context.networkId, identifier: row.identifier })
  return JSON.stringify({
    ...(detail ? paymentDtoView(detail.payment) : {}),
    merchant_desk: {
      status: row.status,
      flags: row.flags,
      chain_check: row.chainCheck,
      refunded: formatPi(row.refunded),
      first_seen_at: row.firstSeenAt.toISOString()
    }
  })
}

function textLine(row: LedgerRow): string {
  return [row.createdAt.toISOString(), row.identifier, row.direction, formatPi(row.amount).padStart(20), row.status, row.userUid].join('  ')
}

function filterFrom(flags: ListFlags, zone: string): PaymentFilter {
  const statuses = flags.status?.split(',').map((s) => s.trim())
  for (const status of statuses ?? []) {
    if (!(DISPLAY_STATUSES as readonly string[]).includes(status)) {
      throw new UserFacingError('invalid_option', `--status takes ${DISPLAY_STATUSES.join(', ')}; "${status}" is none of them.`)
    }
  }
  const day = (text: string, option: string, endOfDay: boolean) => {
    const start = DateTime.fromISO(text, { zone })
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !start.isValid) {
      throw new UserFacingError('invalid_option', `${option} takes a day written YYYY-MM-DD, not "${text}".`)
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

function sortFrom(text: string): { column: LedgerSortColumn; order: 'asc' | 'desc' } {
  const [column, order = 'desc'] = text.split(':')
  if (!(LEDGER_SORT_COLUMNS as readonly string[]).includes(column ?? '') || (order !== 'asc' && order !== 'desc')) {
    throw new UserFacingError('invalid_option', `--sort takes one of ${LEDGER_SORT_COLUMNS.join(', ')}, optionally :asc or :desc.`)
  }
  return { column: column as LedgerSortColumn, order }
}

function positiveInt(text: string): number {
  if (!/^\d{1,7}$/.test(text) || Number(text) === 0) {
    throw new UserFacingError('invalid_option', `--limit takes a whole number above 0, not "${text}".`)
  }
  return Number(text)
}
