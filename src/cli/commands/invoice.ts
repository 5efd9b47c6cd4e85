// `merchant-desk invoice create | list | show | cancel`: invoices for direct Pi payments from a
// terminal, over the same InvoiceService as the desk (the same checks, the same audit entries).
// A customer pays the address, amount and memo (or scans the SEP-0007 URI printed with it); the
// next `sync` settles the invoice.
import type { Command } from 'commander'
import type { InvoiceService } from '../../main/invoices'
import { INVOICE_STATUSES, INVOICE_STATUS_LABELS, type InvoiceCreateInput, type InvoiceListInput, type InvoiceSummaryView, type InvoiceView } from '../../shared/contract/invoices'
import { UserFacingError } from '../../shared/errors'
import type { Capability } from '../../main/people'
import { connectionFlags, openCliContext, type ConnectionFlags } from '../context'
import { withExamples } from '../help'
import { parseNonNegativeInt } from '../parse'
import { processOutput, type CliOutput } from './audit'

interface CreateFlags {
  readonly amount?: string
  readonly fiat?: string
  readonly currency?: string
  readonly memo?: string
  readonly order?: string
  readonly expiresIn?: string
  readonly json?: boolean
}

export function registerInvoiceCommands(program: Command, output: CliOutput = processOutput): void {
  const invoice = withExamples(
    program.command('invoice').description('Invoices for direct Pi payments: an amount (or a fiat price) paid to the app wallet with a memo of its own.'),
    ['merchant-desk invoice create --amount 12.5 --order A-1001', 'merchant-desk invoice list --status paid', 'merchant-desk invoice show inv_... --json']
  )

  withExamples(
    invoice
      .command('create')
      .description('Make an invoice: in Pi (--amount), or a fiat price (--fiat with --currency) at the rate of the moment, locked into it.')
      .option('--amount <pi>', 'the amount in Pi (at most 7 decimals)')
      .option('--fiat <amount>', 'a price in a fiat currency, converted at the current rate (MERCHANT_DESK_RATE_URL, CoinGecko format)')
      .option('--currency <code>', 'the ISO 4217 currency of --fiat, e.g. USD')
      .option('--memo <text>', 'the memo the customer types (default: md- and 10 random characters)')
      .option('--order <ref>', "the shop's order reference")
      .option('--expires-in <minutes>', 'minutes it waits for its payment (default 60)')
      .option('--json', 'print JSON instead of text'),
    ['merchant-desk invoice create --amount 12.5 --order A-1001 --expires-in 30', 'merchant-desk invoice create --fiat 4.50 --currency EUR --memo TABLE-7']
  ).action(async (flags: CreateFlags, command: Command) => {
    const input = createInput(flags)
    await withInvoices(connectionFlags(command), 'queue', async (service) => {
      const made = await service.create(input)
      output.out(flags.json ? `${JSON.stringify(made)}\n` : describeInvoice(made))
    })
  })

  withExamples(
    invoice
      .command('list')
      .description('List the invoices of the network, newest first.')
      .option('--status <status>', `only invoices in this status (${INVOICE_STATUSES.join(', ')})`)
      .option('--json', 'print JSON instead of text'),
    ['merchant-desk invoice list', 'merchant-desk invoice list --status partially_paid --json']
  ).action(async (flags: { status?: string; json?: boolean }, command: Command) => {
    if (flags.status !== undefined && !(INVOICE_STATUSES as readonly string[]).includes(flags.status)) {
      throw new UserFacingError('invalid_option', `--status takes one of ${INVOICE_STATUSES.join(', ')}, not "${flags.status}".`)
    }
    const input: InvoiceListInput = flags.status === undefined ? {} : { status: flags.status as (typeof INVOICE_STATUSES)[number] }
    await withInvoices(connectionFlags(command), 'read', async (service) => {
      const items = await service.list(input)
      output.out(flags.json ? `${JSON.stringify({ items })}\n` : describeList(items))
    })
  })

  withExamples(
    invoice.command('show <id>').description('Show an invoice: its status, what was paid, each payment and its timeline.').option('--json', 'print JSON instead of text'),
    ['merchant-desk invoice show inv_7Yd2hQpE4mZc9rTn3KfW']
  ).action(async (id: string, flags: { json?: boolean }, command: Command) => {
    await withInvoices(connectionFlags(command), 'read', async (service) => {
      const shown = await service.show(id)
      output.out(flags.json ? `${JSON.stringify(shown)}\n` : describeInvoice(shown))
    })
  })

  withExamples(
    invoice.command('cancel <id>').description('Cancel an invoice nothing was paid to yet (once paid, refund it instead).'),
    ['merchant-desk invoice cancel inv_7Yd2hQpE4mZc9rTn3KfW']
  ).action(async (id: string, _flags: unknown, command: Command) => {
    await withInvoices(connectionFlags(command), 'queue', async (service) => {
      const cancelled = await service.cancel(id)
      output.out(`Invoice ${cancelled.id} cancelled by ${cancelled.cancelledBy ?? 'you'}.\n`)
    })
  })
}

function createInput(flags: CreateFlags): InvoiceCreateInput {
  const fiat = flags.fiat !== undefined || flags.currency !== undefined
  if (flags.amount !== undefined && fiat) throw new UserFacingError('invalid_option', 'Give either --amount in Pi, or --fiat with --currency, not both.')
  if (flags.amount === undefined && !fiat) throw new UserFacingError('invalid_option', 'Say how much: --amount in Pi, or --fiat with --currency (e.g. --fiat 4.50 --currency EUR).')
  if (fiat && (flags.fiat === undefined || flags.currency === undefined)) throw new UserFacingError('invalid_option', '--fiat and --currency go together: the price and its currency (e.g. --fiat 4.50 --currency EUR).')
  const common = {
    ...(flags.memo === undefined ? {} : { memo: flags.memo }),
    ...(flags.order === undefined ? {} : { order: flags.order }),
    ...(flags.expiresIn === undefined ? {} : { expiresInMinutes: expiresIn(flags.expiresIn) })
  }
  return flags.amount !== undefined ? { amount: flags.amount, ...common } : { fiatAmount: flags.fiat ?? '', currency: flags.currency ?? '', ...common }
}

function expiresIn(text: string): number {
  const minutes = parseNonNegativeInt(text, '--expires-in')
  if (minutes < 1) throw new UserFacingError('invalid_option', '--expires-in takes the minutes the invoice waits, at least 1.')
  return minutes
}

async function withInvoices(flags: ConnectionFlags, needs: Capability, work: (service: InvoiceService) => Promise<void>): Promise<void> {
  const context = await openCliContext(flags, { needs })
  try {
    await work(context.invoices)
  } finally {
    await context.close()
  }
}

function describeList(items: readonly InvoiceSummaryView[]): string {
  if (items.length === 0) return 'No invoices.\n'
  return items
    .map((item) => `${item.id}  ${INVOICE_STATUS_LABELS[item.status].padEnd(19)} ${item.received} of ${item.amount} Pi  memo ${item.memo}${item.order === null ? '' : `  order ${item.order}`}  ${item.createdAt}\n`)
    .join('')
}

function describeInvoice(view: InvoiceView): string {
  const lines = [
    `Invoice ${view.id}: ${INVOICE_STATUS_LABELS[view.status]} (${view.status})`,
    `  Amount:   ${view.amount} Pi${view.fiat === null ? '' : ` (${view.fiat.amount} ${view.fiat.currency} at ${view.fiat.rate} ${view.fiat.pair}, ${view.fiat.source}, ${view.fiat.rateAt})`}`,
    `  Received: ${view.received} Pi`,
    `  Pay to:   ${view.address}`,
    `  Memo:     ${view.memo}`,
    `  Expires:  ${view.expiresAt}`,
    ...(view.order === null ? [] : [`  Order:    ${view.order}`]),
    `  Wallet link: ${view.uri}`,
    ...view.payments.map((payment) => `  Paid ${payment.amount} Pi from ${payment.from} at ${payment.at} (tx ${payment.txHash})`),
    ...view.events.map((event) => `  ${event.at}  ${event.kind}${event.actor === null ? '' : ` by ${event.actor}`}${event.amount === null ? '' : ` ${event.amount} Pi`}`)
  ]
  return `${lines.join('\n')}\n`
}
