// Fiat currencies: ISO 4217 codes as the runtime knows them, and prices in them with at most the
// currency's minor digits (2 for USD, 0 for JPY, 3 for KWD), kept as exact decimal text.
import { UserFacingError } from '../../shared/errors'

let known: ReadonlySet<string> | null = null

/** "usd" -> "USD"; an unknown code is refused with a sentence. */
export function checkCurrency(code: string): string {
  const upper = code.trim().toUpperCase()
  known ??= new Set(Intl.supportedValuesOf('currency'))
  if (!/^[A-Z]{3}$/.test(upper) || !known.has(upper)) {
    throw new UserFacingError('currency_unknown', `${JSON.stringify(code.trim().slice(0, 12))} is not a currency code Merchant Desk knows: use an ISO 4217 code such as USD, EUR or JPY. Nothing was saved.`)
  }
  return upper
}

/** How many decimals a price in this currency may have. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
}

/** An exact decimal: digits / 10^scale. */
export interface Decimal {
  readonly digits: bigint
  readonly scale: number
}

/** A fiat price as typed ("12.5", "1200"), refused when zero, negative, malformed or finer than the currency's minor unit. */
export function parseFiatAmount(text: string, currency: string): { readonly text: string; readonly value: Decimal } {
  const typed = text.trim()
  const match = /^(\d*)(?:\.(\d*))?$/.exec(typed)
  if (typed === '' || match === null || ((match[1] ?? '') === '' && (match[2] ?? '') === '')) {
    throw new UserFacingError('invalid_amount', `${JSON.stringify(typed.slice(0, 40))} is not a price: write it with digits and a dot, for example 12.50. Nothing was saved.`)
  }
  const whole = (match[1] ?? '') === '' ? '0' : (match[1] ?? '0')
  const fraction = (match[2] ?? '').replace(/0+$/, '')
  const most = minorDigits(currency)
  if (fraction.length > most) {
    throw new UserFacingError('too_many_decimals', `Prices in ${currency} have at most ${most} decimal${most === 1 ? '' : 's'}; ${typed.slice(0, 40)} has ${fraction.length}. Nothing was saved.`)
  }
  const digits = BigInt(whole + fraction)
  if (digits === 0n) throw new UserFacingError('amount_not_positive', 'The price must be more than 0. Nothing was saved.')
  if (whole.replace(/^0+/, '').length > 15) throw new UserFacingError('amount_out_of_range', `${typed.slice(0, 40)} ${currency} is more than an invoice can ask for. Nothing was saved.`)
  const canonical = `${whole.replace(/^0+(?=\d)/, '')}${(match[2] ?? '') === '' ? '' : `.${match[2] ?? ''}`}`
  return { text: canonical, value: { digits, scale: fraction.length } }
}

/** A rate's decimal text ("0.3142"), as stored; null when it is not a positive plain decimal. */
export function parseDecimalText(text: string): Decimal | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text)
  if (match === null) return null
  const fraction = match[2] ?? ''
  const digits = BigInt((match[1] ?? '0') + fraction)
  return digits === 0n ? null : { digits, scale: fraction.length }
}
