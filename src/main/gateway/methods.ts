// The gateway's two methods, as a web shop calls them (0xBTCpay's `start_payment`, and
// `get_payment` for a shop that polls over the same authenticated channel). Params are named in
// snake case, as payment gateways take them; what they mean is checked once, by the invoice
// service (its refusals come back as -32602 or server errors, json-rpc.ts).
import { z } from 'zod'
import { UserFacingError } from '../../shared/errors'
import type { InvoiceCreateInput, InvoiceStatusJson, InvoiceView } from '../../shared/contract/invoices'
import { INVALID_PARAMS, METHOD_NOT_FOUND, rpcError, type RpcError } from './json-rpc'

/** What the gateway asks of the invoices (InvoiceService has these). */
export interface GatewayInvoices {
  create(input: InvoiceCreateInput, creator: { readonly via: 'gateway' }): Promise<InvoiceView>
  statusJson(id: string): Promise<InvoiceStatusJson | null>
  publicView(id: string): Promise<InvoiceView | null>
}

/** `start_payment`'s answer: what the shop shows its customer, and where to poll. */
export interface StartedPayment {
  readonly id: string
  readonly amount: string
  readonly address: string
  readonly memo: string
  /** SEP-0007 `web+stellar:pay?...`, what a wallet scans. */
  readonly uri: string
  readonly status_url: string
  readonly checkout_url: string
  readonly expires_at: string
  readonly fiat: InvoiceStatusJson['fiat']
}

const decimalText = (name: string) =>
  z.unknown().refine((value) => value === undefined || typeof value === 'string', {
    message: `${name} is a decimal string, e.g. "12.5" (a JSON number may lose digits)`
  })

const startPaymentParams = z.strictObject({
  amount: decimalText('amount').optional(),
  fiat_amount: decimalText('fiat_amount').optional(),
  currency: z.string({ message: 'currency is a three-letter ISO 4217 code, e.g. "USD"' }).optional(),
  data: z.unknown().optional(),
  postback_url: z.string({ message: 'postback_url is an http:// or https:// address' }).optional(),
  order: z.string({ message: "order is the shop's order reference, as text" }).optional(),
  memo: z.string({ message: 'memo is text of at most 28 bytes' }).optional(),
  expires_in: z.number({ message: 'expires_in is a whole number of minutes' }).int({ message: 'expires_in is a whole number of minutes' }).optional()
})

const getPaymentParams = z.strictObject({ id: z.string({ message: 'id is the payment id start_payment answered, e.g. "inv_..."' }) })

type Answer = { readonly result: unknown } | { readonly error: RpcError }

export interface MethodContext {
  readonly invoices: GatewayInvoices
  /** The gateway's own address as the shop reaches it, ending in "/". */
  readonly baseUrl: string
}

export async function callMethod(method: string, params: unknown, context: MethodContext): Promise<Answer> {
  switch (method) {
    case 'start_payment':
      return startPayment(params, context)
    case 'get_payment':
      return getPayment(params, context)
    default:
      return {
        error: rpcError(METHOD_NOT_FOUND, 'method_not_found', `Method not found: "${method.slice(0, 60)}". The gateway answers start_payment and get_payment.`)
      }
  }
}

async function startPayment(params: unknown, context: MethodContext): Promise<Answer> {
  const parsed = startPaymentParams.safeParse(params)
  if (!parsed.success) return invalidParams(parsed.error)
  const given = parsed.data
  const amount = given.amount as string | undefined
  const fiatAmount = given.fiat_amount as string | undefined
  if ((amount === undefined) === (fiatAmount === undefined)) {
    return { error: rpcError(INVALID_PARAMS, 'invalid_input', 'Invalid params: give either amount (in Pi) or fiat_amount with currency, not both and not neither.') }
  }
  if (fiatAmount !== undefined && given.currency === undefined) {
    return { error: rpcError(INVALID_PARAMS, 'invalid_input', 'Invalid params: fiat_amount needs its currency, e.g. "currency": "USD".') }
  }
  if (amount !== undefined && given.currency !== undefined) {
    return { error: rpcError(INVALID_PARAMS, 'invalid_input', 'Invalid params: currency goes with fiat_amount; an amount is in Pi.') }
  }
  const common = {
    ...(given.data === undefined ? {} : { data: given.data }),
    ...(given.postback_url === undefined ? {} : { postbackUrl: given.postback_url }),
    ...(given.order === undefined ? {} : { order: given.order }),
    ...(given.memo === undefined ? {} : { memo: given.memo }),
    ...(given.expires_in === undefined ? {} : { expiresInMinutes: given.expires_in })
  }
  const input: InvoiceCreateInput =
    amount !== undefined ? { amount, ...common } : { fiatAmount: fiatAmount ?? '', currency: given.currency ?? '', ...common }
  const invoice = await context.invoices.create(input, { via: 'gateway' })
  const result: StartedPayment = {
    id: invoice.id,
    amount: invoice.amount,
    address: invoice.address,
    memo: invoice.memo,
    uri: invoice.uri,
    status_url: `${context.baseUrl}${invoice.id}/status.json`,
    checkout_url: `${context.baseUrl}${invoice.id}`,
    expires_at: invoice.expiresAt,
    fiat:
      invoice.fiat === null
        ? null
        : { amount: invoice.fiat.amount, currency: invoice.fiat.currency, rate: invoice.fiat.rate, pair: invoice.fiat.pair, source: invoice.fiat.source, rate_at: invoice.fiat.rateAt }
  }
  return { result }
}

async function getPayment(params: unknown, context: MethodContext): Promise<Answer> {
  const parsed = getPaymentParams.safeParse(params)
  if (!parsed.success) return invalidParams(parsed.error)
  const status = await context.invoices.statusJson(parsed.data.id.trim())
  if (status === null) {
    throw new UserFacingError('invoice_not_found', `There is no payment ${JSON.stringify(parsed.data.id.slice(0, 40))} on this network. Check the id start_payment answered.`)
  }
  return { result: status }
}

function invalidParams(error: z.ZodError): Answer {
  const issue = error.issues[0]
  let sentence: string
  if (issue?.code === 'unrecognized_keys') sentence = `unknown parameter "${issue.keys[0] ?? ''}"`
  else sentence = issue?.message ?? 'the params are not complete'
  return { error: rpcError(INVALID_PARAMS, 'invalid_input', `Invalid params: ${sentence}.`) }
}
