// Money: integer stroops (bigint) inside, 7-decimal text at the edges. See design.md, invariant 1.
export {
  type Stroops,
  STROOPS_PER_PI,
  PI_DECIMALS,
  MAX_STROOPS,
  MIN_STROOPS,
  isStroops,
  assertStroops,
  addStroops,
  subtractStroops,
  sumStroops,
  compareStroops,
  minStroops,
  maxStroops
} from './stroops'
export { type AmountRules, parsePiAmount, parseHorizonAmount, parseUserAmount } from './parse'
export { MAX_EXACT_API_NUMBER_STROOPS, formatPi, formatPiShort, toPiNumberForApi } from './format'

/** Every code the money module throws, for callers that map codes to UI states. */
export const MONEY_ERROR_CODES = [
  'invalid_amount',
  'too_many_decimals',
  'amount_out_of_range',
  'amount_negative',
  'amount_not_positive',
  'amount_not_representable'
] as const
export type MoneyErrorCode = (typeof MONEY_ERROR_CODES)[number]
