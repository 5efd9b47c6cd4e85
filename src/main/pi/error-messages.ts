// The one table that turns Pi Platform API error codes (pi-platform.md §1) and our own transport
// failures into sentences a merchant can act on. Nothing else in the app words a Pi error.

/** What a sentence may draw on. Every text in here already had secrets removed. */
export interface PiErrorContext {
  readonly httpStatus: number | null
  /** Pi's own `error_message`, shortened. */
  readonly piMessage: string | null
  readonly verificationError: string | null
}

type Sentence = string | ((context: PiErrorContext) => string)

/** Codes this client produces itself, next to Pi's. */
export const PI_TRANSPORT_ERROR_CODES = [
  'pi_unavailable',
  'pi_unreachable',
  'pi_key_rejected',
  'pi_token_rejected',
  'pi_rate_limited',
  'pi_malformed_answer',
  'pi_answer_mismatch',
  'pi_outcome_unknown',
  'pi_answer_unreadable',
  'pi_unexpected_answer'
] as const

const VERIFICATION_SENTENCES: Readonly<Record<string, string>> = {
  tx_memo_payment_identifier_mismatch:
    "the transaction's memo is not this payment's identifier, so it pays for something else",
  payment_already_linked_with_a_tx: 'this transaction is already linked to another payment',
  tx_not_found: 'the transaction is not on the chain (yet)',
  tx_failed: 'the transaction failed on chain, so no Pi moved',
  tx_destination_mismatch: 'the transaction did not pay the wallet this payment names',
  tx_amount_mismatch: "the transaction's amount differs from the payment's amount",
  tx_sender_mismatch: 'the transaction was not sent from the wallet this payment names'
}

const SENTENCES: Readonly<Record<string, Sentence>> = {
  // --- any call
  payment_not_found: 'Pi has no payment with this id for this app. Check the id, and that Settings points at the right network.',
  invalid_amount: 'Pi refused the amount: it must be more than 0 Pi with at most 7 decimals.',
  invalid_arguments: (c) => `Pi refused the request as malformed${c.piMessage ? ` ("${c.piMessage}")` : ''}.`,
  invalid_metadata: 'Pi refused the payment because its metadata is empty; every payment needs some metadata.',
  unknown_error: 'Pi reported an internal error. Nothing is known to have changed; try again in a moment.',
  // --- create (app-to-user)
  missing_scope:
    'The buyer has not allowed this app to pay them (wallet_address permission). Ask them to open the app in the Pi Browser and accept the permission request, then try again.',
  user_not_found: 'Pi does not know this buyer for this app. Check the buyer id; it changes when a buyer revokes and re-grants the app.',
  ongoing_payment_found:
    'This buyer already has an unfinished payment from the app. Finish or cancel that one (it is shown with this error) before sending another.',
  too_many_payments: 'Pi allows no more open app-to-user payments for this app. Complete or cancel the open ones first.',
  too_many_cancelled_payments: 'Pi has paused new payments to this buyer after too many cancelled ones. Try again later.',
  altered_amount: 'Pi refused the payment because its amount was changed after it was set. Create it again with one amount.',
  invalid_address: "Pi refused the payment because the buyer's wallet address is not valid on this network.",
  missing_wallet: 'This buyer has no Pi wallet on this network yet, so they cannot receive Pi.',
  // --- complete / cancel / approve
  already_completed: 'Pi already shows this payment as completed. Nothing more to do.',
  cancelled_payment: 'Pi shows this payment as cancelled, so it can no longer be approved or completed.',
  missing_txid: 'Pi needs the transaction id to complete this payment.',
  txid_mismatch: 'Pi has a different transaction linked to this payment than the one given. Check the transaction id.',
  not_verified: 'Pi has not verified a transaction for this payment yet, so it cannot be completed. Try again after it appears on chain.',
  verification_failed: (c) => {
    const why = c.verificationError === null ? undefined : VERIFICATION_SENTENCES[c.verificationError]
    const reason = why ?? (c.verificationError === null ? 'its checks did not pass' : `it reported ${c.verificationError}`)
    return `Pi refused to complete the payment: ${reason}. Do not deliver; check the transaction on chain.`
  },
  forbidden: 'Pi does not allow this action on this payment (a payment still waiting for the buyer expires on its own).',
  payment_tx_present: 'A blockchain transaction is linked to this payment, so it cannot be cancelled. Verify and complete it instead.',
  // --- the simulator's names for an unknown key and an unknown route
  unauthorized: 'The Pi API key was refused. Check it in Settings; each network has its own key.',
  not_found: 'The Pi API has no such address. Check the Pi API address in Settings.',
  // --- ours
  pi_unavailable: (c) =>
    `The Pi servers are having trouble (HTTP ${c.httpStatus ?? 'error'}) and answered with an error page. Try again in a few minutes.`,
  pi_unreachable: 'Merchant Desk could not reach the Pi servers. Check the internet connection and try again.',
  pi_key_rejected: 'The Pi API key was refused. Check it in Settings; each network has its own key.',
  pi_token_rejected: "The buyer's Pi sign-in has expired or is not valid. Ask them to open the app in the Pi Browser again.",
  pi_rate_limited: 'The Pi servers asked us to slow down. Try again in a minute.',
  pi_malformed_answer: 'Pi sent an answer Merchant Desk cannot read, so nothing was recorded from it.',
  pi_answer_mismatch: 'Pi answered with a payment that does not match the request, so Merchant Desk did not record it.',
  pi_outcome_unknown:
    'The Pi servers did not answer in time, so it is not known whether the action took effect. Check the payment before trying again.',
  pi_answer_unreadable:
    'Pi answered, but its answer was cut short or unreadable, so it is not known whether the action took effect. Check the payment before trying again.',
  pi_unexpected_answer: (c) =>
    `The Pi API answered HTTP ${c.httpStatus ?? '?'} with something other than a Pi answer. Check the Pi API address in Settings.`
}

/** True when the table knows the code; others get a generic sentence carrying Pi's own words. */
export function isKnownPiErrorCode(code: string): boolean {
  return Object.hasOwn(SENTENCES, code)
}

export function piErrorSentence(code: string, context: PiErrorContext, detail?: string): string {
  const sentence = Object.hasOwn(SENTENCES, code) ? SENTENCES[code] : undefined
  const base =
    sentence === undefined
      ? `Pi refused the request (${code})${context.piMessage ? `: ${context.piMessage.replace(/[.!?]+$/, '')}` : ''}.`
      : typeof sentence === 'function'
        ? sentence(context)
        : sentence
  return detail === undefined ? base : `${base.replace(/\.$/, '')} (${detail}).`
}
