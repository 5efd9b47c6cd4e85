// Invariant: a submission is reported as "failed" only when Horizon says the transaction was
// refused (result codes), and as "success" only when it names the same hash. Everything else
// (504, timeouts, 5xx, dropped connections, unreadable answers) is "unknown": the signed envelope
// may still land until its maxTime, so the payout journal resubmits the same envelope or reads the
// chain; it never builds a new one on an unknown outcome. Nothing here retries on its own.
import { TransactionBuilder } from '@stellar/stellar-sdk'
import { describeResultCodes } from './error-messages'
import { HorizonError } from './errors'
import type { HorizonAnswer, HorizonTransport } from './transport'

export interface ResultCodes {
  readonly transaction: string
  readonly operations: readonly string[]
}

export type UnknownSubmitReason = 'timeout' | 'unreachable' | 'server_error' | 'rate_limited' | 'unexpected_answer'

export type SubmitOutcome =
  | { readonly status: 'success'; readonly hash: string; readonly ledger: number }
  | {
      readonly status: 'failed'
      readonly hash: string
      readonly resultCodes: ResultCodes
      readonly resultXdr: string | null
      /** For people: what the codes mean for the payout. */
      readonly message: string
    }
  | {
      readonly status: 'unknown'
      readonly hash: string
      readonly reason: UnknownSubmitReason
      readonly httpStatus: number | null
      readonly retryAfterMs: number | null
      readonly message: string
    }

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED'])

export async function submitEnvelope(
  transport: HorizonTransport,
  envelopeXdr: string,
  networkPassphrase: string
): Promise<SubmitOutcome> {
  let transaction: ReturnType<typeof TransactionBuilder.fromXDR>
  try {
    transaction = TransactionBuilder.fromXDR(envelopeXdr, networkPassphrase)
  } catch {
    throw new HorizonError({ code: 'invalid_envelope', httpStatus: null })
  }
  const hash = transaction.hash().toString('hex')
  // SEP-29's memo-required check loads destination accounts: extra requests, and our memo is
  // always the payment identifier anyway.
  const exchange = await transport.exchange((server) =>
    server.submitTransaction(transaction, { skipMemoRequiredCheck: true })
  )
  if (exchange.kind === 'no_answer') {
    const timedOut = exchange.axiosCode !== undefined && TIMEOUT_CODES.has(exchange.axiosCode)
    return unknown(hash, timedOut ? 'timeout' : 'unreachable', null, null)
  }
  return outcomeOf(hash, exchange.answer)
}

function outcomeOf(hash: string, answer: HorizonAnswer): SubmitOutcome {
  const { status, json } = answer
  const body = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : null
  if (status >= 200 && status < 300) {
    const ledger = body?.ledger
    if (body?.hash === hash && typeof ledger === 'number' && Number.isInteger(ledger) && body.successful !== false) {
      return { status: 'success', hash, ledger }
    }
    return unknown(hash, 'unexpected_answer', status, answer.retryAfterMs)
  }
  if (status === 400 && body !== null) {
    const codes = resultCodesOf(body)
    if (codes !== null) {
      const extras = body.extras as Record<string, unknown>
      return {
        status: 'failed',
        hash,
        resultCodes: codes,
        resultXdr: typeof extras.result_xdr === 'string' ? extras.result_xdr : null,
        message: describeResultCodes(codes)
      }
    }
    if (typeof body.type === 'string' && body.type.endsWith('transaction_malformed')) {
      const codes = { transaction: 'tx_malformed', operations: [] }
      return { status: 'failed', hash, resultCodes: codes, resultXdr: null, message: describeResultCodes(codes) }
    }
  }
  if (status === 429) return unknown(hash, 'rate_limited', status, answer.retryAfterMs)
  if (status >= 500) return unknown(hash, 'server_error', status, answer.retryAfterMs)
  return unknown(hash, 'unexpected_answer', status, answer.retryAfterMs)
}

function resultCodesOf(body: Record<string, unknown>): ResultCodes | null {
  const extras = body.extras
  if (typeof extras !== 'object' || extras === null) return null
  const codes = (extras as { result_codes?: unknown }).result_codes
  if (typeof codes !== 'object' || codes === null) return null
  const { transaction, operations } = codes as { transaction?: unknown; operations?: unknown }
  if (typeof transaction !== 'string') return null
  const ops = Array.isArray(operations) ? operations.filter((code): code is string => typeof code === 'string') : []
  return { transaction, operations: ops }
}

const UNKNOWN_SENTENCES: Readonly<Record<UnknownSubmitReason, string>> = {
  timeout: 'Horizon did not answer in time; the transaction may still land.',
  unreachable: 'Horizon could not be reached; the transaction may or may not have been received.',
  server_error: 'Horizon answered with an error while submitting; the transaction may still land.',
  rate_limited: 'Horizon asked us to slow down; the transaction was not accepted this time.',
  unexpected_answer: 'Horizon gave an answer that does not confirm the transaction; it may still land.'
}

function unknown(
  hash: string,
  reason: UnknownSubmitReason,
  httpStatus: number | null,
  retryAfterMs: number | null
): SubmitOutcome {
  return {
    status: 'unknown',
    hash,
    reason,
    httpStatus,
    retryAfterMs,
    message: `${UNKNOWN_SENTENCES[reason]} Check the chain for it, or send the same signed transaction again.`
  }
}
