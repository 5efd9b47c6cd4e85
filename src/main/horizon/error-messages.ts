// The one table of sentences for Horizon failures and for the result codes of a refused
// transaction (pi-platform.md §3–§4). Everything the merchant reads about the chain is worded here.

export interface HorizonErrorContext {
  readonly httpStatus: number | null
  /** Horizon's problem `detail`/`title`, shortened. */
  readonly problem: string | null
}

type Sentence = string | ((context: HorizonErrorContext) => string)

export const HORIZON_ERROR_CODES = [
  'horizon_unreachable',
  'horizon_unavailable',
  'horizon_rate_limited',
  'horizon_malformed_answer',
  'horizon_bad_request',
  'horizon_not_found',
  'wrong_network',
  'invalid_envelope'
] as const
export type HorizonErrorCode = (typeof HORIZON_ERROR_CODES)[number]

const SENTENCES: Readonly<Record<HorizonErrorCode, Sentence>> = {
  horizon_unreachable: 'Merchant Desk could not reach the Pi blockchain server (Horizon). Check the internet connection and try again.',
  horizon_unavailable: (c) =>
    `The Pi blockchain server (Horizon) is having trouble (HTTP ${c.httpStatus ?? 'error'}). Try again in a few minutes.`,
  horizon_rate_limited: 'The Pi blockchain server (Horizon) asked us to slow down. Try again in a minute.',
  horizon_malformed_answer: 'The Pi blockchain server (Horizon) sent an answer Merchant Desk cannot read, so nothing was recorded from it.',
  horizon_bad_request: (c) =>
    `The Pi blockchain server (Horizon) refused the request${c.problem ? ` ("${c.problem}")` : ''}.`,
  horizon_not_found: 'The Pi blockchain server (Horizon) has no such record. Check the Horizon address in Settings.',
  wrong_network: 'This Horizon serves a different Pi network than the one the app is set to.',
  invalid_envelope: 'This signed transaction cannot be read for this network, so it was not sent.'
}

export function horizonErrorSentence(code: HorizonErrorCode, context: HorizonErrorContext, detail?: string): string {
  const sentence = SENTENCES[code]
  const base = typeof sentence === 'function' ? sentence(context) : sentence
  return detail === undefined ? base : `${base.replace(/\.$/, '')} (${detail}).`
}

export function wrongNetworkSentence(served: string, expected: string): string {
  return `This Horizon serves '${served}' but the app is set to '${expected}'. Point Settings at the ${expected} Horizon, or switch the network.`
}

/** What a refused transaction's result codes mean for the payout (pi-platform.md §3). */
const RESULT_CODE_SENTENCES: Readonly<Record<string, string>> = {
  tx_success: 'The transaction succeeded.',
  tx_failed: 'An operation of the transaction failed; no Pi moved (the fee was charged).',
  tx_too_early: "The transaction is not valid yet by the chain's clock; send the same one again shortly.",
  tx_too_late: 'The transaction expired before it was included; it can no longer land.',
  tx_bad_seq: 'The app wallet has moved on (sequence number); this transaction can no longer land as built.',
  tx_insufficient_fee: 'The fee offered was too low for the network right now.',
  tx_insufficient_balance: 'The app wallet does not hold enough Pi to pay the fee and keep its minimum balance.',
  tx_no_source_account: 'The app wallet does not exist on this network.',
  tx_bad_auth: 'The transaction was not signed with the app wallet key.',
  tx_bad_auth_extra: 'The transaction carries signatures it does not need.',
  tx_missing_operation: 'The transaction has no operation.',
  tx_internal_error: 'The network had an internal error with this transaction.',
  tx_malformed: 'The network could not read this transaction.',
  op_underfunded: 'The app wallet does not hold enough Pi for this payout and its fee.',
  op_no_destination: "The buyer's account does not exist on this network.",
  op_low_reserve: 'The payment would leave an account below its minimum balance.',
  op_line_full: 'The receiving account cannot hold more of this asset.',
  op_no_trust: 'The receiving account does not accept this asset.',
  op_src_no_trust: 'The app wallet does not hold this asset.',
  op_malformed: 'An operation of the transaction is malformed.',
  op_bad_auth: 'An operation was not signed by the right key.',
  op_not_supported: 'The network does not support an operation of this transaction.'
}

export function describeResultCodes(codes: { readonly transaction: string; readonly operations: readonly string[] }): string {
  const opCode = codes.operations.find((code) => code !== 'op_success')
  const main = codes.transaction === 'tx_failed' && opCode !== undefined ? opCode : codes.transaction
  return RESULT_CODE_SENTENCES[main] ?? `The network refused the transaction (${[codes.transaction, ...codes.operations].join(', ')}).`
}
