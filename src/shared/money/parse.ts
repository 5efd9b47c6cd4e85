// Invariant: text becomes stroops by decimal digit arithmetic only; no float ever touches the value.
// A Pi API JSON number is read through its shortest decimal text (String(n)), which is exactly the
// number the sender wrote as long as it had at most 15 significant digits (see format.ts).
import { UserFacingError } from '../errors'
import { MAX_STROOPS, PI_DECIMALS, type Stroops } from './stroops'

export interface AmountRules {
  /** Accept 0 (default: refused; a payment, a refund or a limit of 0 Pi is a mistake). */
  readonly allowZero?: boolean
  /** Accept a leading '-' (default: refused; only adjustments and balances deltas are negative). */
  readonly allowNegative?: boolean
}

interface DecimalText {
  readonly negative: boolean
  readonly integerDigits: string
  readonly fractionDigits: string
  readonly exponent: bigint
}

const MAX_DIGITS_IN_RANGE = MAX_STROOPS.toString().length // 19

// What String(n) prints for a finite double, and what the Pi API could send as a string: optional
// '-', digits, optional fraction, optional exponent. No '+' on the number itself (String(n) never
// writes one, so it can only come from a person or a bug), no spaces, no hex, no grouping commas.
const API_AMOUNT = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/
// Horizon writes "2.0600000": digits, a dot, up to 7 decimals. Never a sign, never an exponent.
const HORIZON_AMOUNT = /^(\d+)(?:\.(\d+))?$/
// A person may leave out either side of the dot (".5", "5.").
const TYPED_AMOUNT = /^(-?)(\d*)(?:\.(\d*))?$/

/** Parses an amount from the Pi Platform API: a JSON number (or its text), including forms like 1e-7. */
export function parsePiAmount(value: number | string, rules: AmountRules = {}): Stroops {
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidAmount(String(value))
    text = String(value)
  } else if (typeof value === 'string') {
    text = value
  } else {
    throw invalidAmount(describeNonAmount(value))
  }
  const match = API_AMOUNT.exec(text)
  if (!match) throw invalidAmount(text)
  const [, sign, integerDigits = '', fractionDigits = '', exponent = '0'] = match
  return toStroops(
    { negative: sign === '-', integerDigits, fractionDigits, exponent: BigInt(exponent) },
    text,
    rules
  )
}

/** Parses a Horizon amount ("2.0600000"); fewer decimals are accepted. Zero allowed, negatives not. */
export function parseHorizonAmount(text: string): Stroops {
  if (typeof text !== 'string') throw invalidAmount(describeNonAmount(text))
  const match = HORIZON_AMOUNT.exec(text)
  if (!match) throw invalidAmount(text)
  const [, integerDigits = '', fractionDigits = ''] = match
  return toStroops({ negative: false, integerDigits, fractionDigits, exponent: 0n }, text, {
    allowZero: true
  })
}

/**
 * Parses what a person typed into an amount field: "1", "1.5", ".5", "0.0000001". Surrounding
 * spaces are ignored (a form is not a protocol); commas, exponents, units and '+' are refused with
 * a sentence that says what to type instead.
 */
export function parseUserAmount(text: string, rules: AmountRules = {}): Stroops {
  if (typeof text !== 'string') throw invalidAmount(describeNonAmount(text))
  const typed = text.trim()
  if (typed === '') throw new UserFacingError('invalid_amount', 'Enter an amount in Pi, for example 1.5.')
  const match = TYPED_AMOUNT.exec(typed)
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw typedAmountError(typed)
  const [, sign, integerDigits = '', fractionDigits = ''] = match
  return toStroops(
    {
      negative: sign === '-',
      integerDigits: integerDigits === '' ? '0' : integerDigits,
      fractionDigits,
      exponent: 0n
    },
    typed,
    rules
  )
}

function toStroops(decimal: DecimalText, text: string, rules: AmountRules): Stroops {
  // value = digits × 10^scale stroops. Normalising away leading and trailing zeros first keeps the
  // work proportional to the text and lets "1.50000000" (trailing zeros past 7 decimals) through:
  // it is exactly 1.5 Pi, there is nothing to round.
  let digits = (decimal.integerDigits + decimal.fractionDigits).replace(/^0+/, '')
  let scale = BigInt(PI_DECIMALS) + decimal.exponent - BigInt(decimal.fractionDigits.length)
  const trimmed = digits.replace(/0+$/, '')
  scale += BigInt(digits.length - trimmed.length)
  digits = trimmed

  let magnitude = 0n
  if (digits !== '') {
    if (scale < 0n) {
      const decimals = BigInt(PI_DECIMALS) - scale
      throw new UserFacingError(
        'too_many_decimals',
        `Pi amounts have at most 7 decimals (0.0000001 Pi); ${shorten(text)} has ${decimals}.`,
        { input: shorten(text) }
      )
    }
    if (BigInt(digits.length) + scale > BigInt(MAX_DIGITS_IN_RANGE)) throw outOfRange(text)
    magnitude = BigInt(digits) * 10n ** scale
    if (magnitude > MAX_STROOPS) throw outOfRange(text)
  }

  if (decimal.negative && !rules.allowNegative) {
    throw new UserFacingError('amount_negative', `The amount cannot be negative; got ${shorten(text)}.`, {
      input: shorten(text)
    })
  }
  if (magnitude === 0n && !rules.allowZero) {
    throw new UserFacingError('amount_not_positive', 'The amount must be more than 0 Pi.', {
      input: shorten(text)
    })
  }
  return decimal.negative ? -magnitude : magnitude
}

function invalidAmount(text: string): UserFacingError {
  return new UserFacingError(
    'invalid_amount',
    `${quote(text)} is not a Pi amount; write it with digits and a dot, for example 1.5.`,
    { input: shorten(text) }
  )
}

// The first matching mistake names the fix; order matters ("1e-7" also contains a letter).
const TYPING_HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\+/, 'leave out the + sign'],
  [/^-?[\d.]*\d[\d.]*[eE][+-]?\d+$/, 'write it out in digits (0.0000001, not 1e-7)'],
  [/,/, 'use a dot for decimals and no thousands separators (1234.5, not 1,234.5 or 1234,5)'],
  [/^-?\d*\.\d*\.[\d.]*$/, 'use at most one dot'],
  [/^-?[\d.]*\d[\d.]*\s*[A-Za-z\u03c0]+$/, 'type only the number, without a unit (1.5, not 1.5 Pi)'],
  [/\s/, 'leave out spaces']
]

function typedAmountError(typed: string): UserFacingError {
  const hint =
    TYPING_HINTS.find(([mistake]) => mistake.test(typed))?.[1] ??
    'type digits and at most one dot, for example 1.5'
  return new UserFacingError('invalid_amount', `${quote(typed)} is not a Pi amount: ${hint}.`, {
    input: shorten(typed)
  })
}

function outOfRange(text: string): UserFacingError {
  return new UserFacingError(
    'amount_out_of_range',
    `${shorten(text)} Pi is more than any Pi account can hold (at most 922337203685.4775807 Pi).`,
    { input: shorten(text) }
  )
}

function describeNonAmount(value: unknown): string {
  return value === null ? 'null' : typeof value
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

function quote(text: string): string {
  return `"${shorten(text)}"`
}
