// `merchant-desk payments list` and `payments show`: the ledger query from a terminal. --json
// prints Pi's PaymentDTO field names with amounts as 7-decimal strings, plus what Merchant Desk
// knows beyond Pi's record under `merchant_desk`: Pi's records of a page come in one query.
import type { Command } from 'commander'
import { LEDGER_SORT_COLUMNS, type LedgerSortColumn } from '../../shared/contract'
import { UserFacingError } from '../../shared/errors'
import { formatPi } from '../../shared/money'
import { paymentLink, type Payment } from '../../shared/payments'
import { getPaymentDetail, getPiRecords, listPayments, paymentDetailView, paymentDtoView, type LedgerRow } from '../../main/ledger'
import { connectionFlags, openCliContext } from '../context'
import { withExamples } from '../help'
import { addLedgerFilterOptions, ledgerFilterFrom, type LedgerFilterFlags } from '../ledger-filter'

interface ListFlags extends LedgerFilterFlags {
  sort?: string
  limit: string
  all?: boolean
  json?: boolean
}

export function registerPaymentsListCommands(payments: Command): void {
  addLedgerFilterOptions(
    withExamples(payments.command('list').description('List the ledger, newest first.'), [
      'merchant-desk payments list --status completed --from 2025-03-01 --to 2025-03-31 --json',
      'merchant-desk payments list --search alice --all --db shop.sqlite'
    ])
      .option('--from <date>', 'created on or after this day (YYYY-MM-DD, business time zone)')
      .option('--to <date>', 'created on or before this day (YYYY-MM-DD, business time zone)')
  )
    .option('--sort <column[:asc|desc]>', `one of ${LEDGER_SORT_COLUMNS.join(', ')}`, 'created_at:desc')
    .option('--limit <n>', 'rows to print', '100')
    .option('--all', 'every matching row (streamed page by page)')
    .option('--json', 'one JSON object per line')
    .action(async (flags: ListFlags, command: Command) => {
      const context = await openCliContext(connectionFlags(command))
      try {
        const zone = context.settings.current().businessTimeZone
        const filter = ledgerFilterFrom(flags, zone)
        const sort = sortFrom(flags.sort ?? 'created_at:desc')
        let remaining = flags.all ? Number.POSITIVE_INFINITY : positiveInt(flags.limit)
        let cursor: string | null = null
        do {
          const page = await listPayments(context.store, {
            networkId: context.networkId,
            filter,
            sort,
            cursor,
            limit: Math.min(500, remaining)
          })
          const records = flags.json ? await getPiRecords(context.store, context.networkId, page.rows.map((row) => row.identifier)) : null
          for (const row of page.rows) process.stdout.write(`${records ? jsonLine(records.get(row.identifier), row) : textLine(row)}\n`)
          remaining -= page.rows.length
          cursor = page.nextCursor
        } while (cursor !== null && remaining > 0)
      } finally {
        await context.close()
      }
    })

  withExamples(payments.command('show').description('One payment: Pi’s record, chain facts, refunds, timeline.'), [
    'merchant-desk payments show <paymentId> --db shop.sqlite'
  ])
    .argument('<id>', 'the payment id')
    .option('--json', 'as JSON')
    .action(async (id: string, flags: { json?: boolean }, command: Command) => {
      const context = await openCliContext(connectionFlags(command))
      try {
        const detail = await getPaymentDetail(context.store, { networkId: context.networkId, identifier: id })
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

function jsonLine(payment: Payment | undefined, row: LedgerRow): string {
  return JSON.stringify({
    ...(payment ? paymentDtoView(payment) : {}),
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
