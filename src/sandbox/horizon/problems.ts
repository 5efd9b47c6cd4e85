// Horizon's error answers (application/problem+json), worded as stellar/go's Horizon words them,
// so a client's error handling meets exactly what production would send.
import { jsonReply, type HttpReply } from '../http/reply'
import type { ServicePages } from '../http/server'
import type { TransactionResultCodes } from '../chain/types'

const TYPE_BASE = 'https://stellar.org/horizon-errors/'
const PROBLEM_JSON = 'application/problem+json; charset=utf-8'

export function problem(status: number, type: string, title: string, detail: string, extras?: Record<string, unknown>): HttpReply {
  return jsonReply(status, { type: `${TYPE_BASE}${type}`, title, status, detail, ...(extras === undefined ? {} : { extras }) }, PROBLEM_JSON)
}

export function notFound(): HttpReply {
  return problem(
    404,
    'not_found',
    'Resource Missing',
    'The resource at the url requested was not found.  This usually occurs for one of two reasons:  The url requested is not valid, or no data in our database could be found with the parameters provided.'
  )
}

export function badRequest(invalidField: string, reason: string): HttpReply {
  return problem(400, 'bad_request', 'Bad Request', 'The request you sent was invalid in some way.', { invalid_field: invalidField, reason })
}

export function transactionFailed(envelopeXdr: string, resultCodes: TransactionResultCodes, resultXdr: string): HttpReply {
  return problem(
    400,
    'transaction_failed',
    'Transaction Failed',
    'The transaction failed when submitted to the stellar network. The `extras.result_codes` field on this response contains further details.  Descriptions of each code can be found at: https://developers.stellar.org/api/errors/http-status-codes/horizon-specific/transaction-failed/',
    { envelope_xdr: envelopeXdr, result_codes: resultCodes, result_xdr: resultXdr }
  )
}

export function transactionMalformed(envelopeXdr: string): HttpReply {
  return problem(
    400,
    'transaction_malformed',
    'Transaction Malformed',
    'Horizon could not decode the transaction envelope in this request. A transaction should be an XDR TransactionEnvelope struct encoded using base64.  The envelope read from this request is echoed in the `extras.envelope_xdr` field of this response for your convenience.',
    { envelope_xdr: envelopeXdr }
  )
}

export function timeout(): HttpReply {
  return problem(
    504,
    'timeout',
    'Timeout',
    'Your request timed out before completing.  Please try your request again. If you are submitting a transaction make sure you are sending exactly the same transaction (with the same sequence number).'
  )
}

export const horizonPages: ServicePages = {
  notFound,
  methodNotAllowed: () => problem(405, 'method_not_allowed', 'Method Not Allowed', 'This endpoint does not respond to the requested HTTP method.'),
  internalError: () =>
    problem(
      500,
      'server_error',
      'Internal Server Error',
      'An error occurred while processing this request.  This is usually due to a bug within the server software.  Trying this request again may succeed if the bug is transient, otherwise please report this issue to the issue tracker at: https://github.com/stellar/go/issues. Please include this response in your issue.'
    ),
  payloadTooLarge: () => badRequest('tx', 'request body too large'),
  rateLimited: (_ctx, retryAfter) => {
    const reply = problem(
      429,
      'rate_limit_exceeded',
      'Rate Limit Exceeded',
      "The rate limit for the requesting IP address is over its alloted limit.  The allowed limit and requests left per time period are communicated to clients via the http response headers 'X-RateLimit-*' headers."
    )
    return { ...reply, headers: { ...reply.headers, 'X-Ratelimit-Limit': '3600', 'X-Ratelimit-Remaining': '0', 'X-Ratelimit-Reset': String(retryAfter) } }
  },
  gatewayTimeout: () => timeout()
}
