// Invariant: the API key lives only in this closure and in the headers of outgoing requests. Axios
// errors and responses (whose `config.headers` carry `Authorization: Key ...`) never leave this
// file: every failure becomes a fresh PiApiError, and every text taken from an answer is redacted.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios'
import { readAttachedPayment, malformedAnswer } from './answers'
import { PiApiError } from './errors'
import { isLoopbackUrl, parseRetryAfter } from '../http'

export type PiCall =
  | 'me'
  | 'createPayment'
  | 'getPayment'
  | 'approvePayment'
  | 'completePayment'
  | 'cancelPayment'
  | 'incompleteServerPayments'

export interface PiRequest {
  readonly call: PiCall
  readonly method: 'GET' | 'POST'
  /** Under /v2, e.g. "/payments/abc". */
  readonly path: string
  readonly body?: unknown
  /** GET /v2/me authenticates the buyer's access token instead of the server key. */
  readonly bearerToken?: string
}

export interface PiTransport {
  /** The parsed JSON of a 2xx answer; anything else throws PiApiError. */
  send(request: PiRequest): Promise<unknown>
}

export interface PiTransportOptions {
  readonly baseUrl: URL
  readonly apiKey: string
  readonly timeoutMs: number
  readonly now: () => number
}

/** An answer bigger than this is not a Pi answer (and must not exhaust memory). */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024
const MAX_PI_TEXT = 300

// Failures that prove the request never reached the server: safe to report as "nothing happened".
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL'])

export function createPiTransport(options: PiTransportOptions): PiTransport {
  const redact = redactor([options.apiKey])
  const http: AxiosInstance = axios.create({
    baseURL: `${options.baseUrl.origin}${options.baseUrl.pathname.replace(/\/+$/, '')}/v2`,
    timeout: options.timeoutMs,
    adapter: 'http',
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    // A redirect would carry the key to wherever it points; Pi's API never redirects.
    maxRedirects: 0,
    maxContentLength: MAX_ANSWER_BYTES,
    maxBodyLength: MAX_ANSWER_BYTES,
    transitional: { clarifyTimeoutError: true },
    // A proxy from the environment must not see the sandbox's loopback traffic.
    ...(isLoopbackUrl(options.baseUrl) ? { proxy: false as const } : {})
  })

  return {
    async send(request) {
      const redactAll = request.bearerToken === undefined ? redact : redactor([options.apiKey, request.bearerToken])
      let response: AxiosResponse<unknown>
      try {
        response = await http.request({
          method: request.method,
          url: request.path,
          headers: {
            Accept: 'application/json',
            Authorization:
              request.bearerToken === undefined ? `Key ${options.apiKey}` : `Bearer ${request.bearerToken}`,
            ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' })
          },
          data: request.body === undefined ? undefined : JSON.stringify(request.body)
        })
      } catch (error) {
        // The axios error is dropped here on purpose: only its code is read.
        throw failureWithoutAnswer(axios.isAxiosError(error) ? error.code : undefined, request)
      }
      const text = typeof response.data === 'string' ? response.data : ''
      if (response.status >= 200 && response.status < 300) {
        const json = parseJson(text)
        if (json === undefined) {
          // A cut or garbled 2xx to a write: Pi acted, but its answer is lost (issue #12, item 4).
          if (request.method === 'POST') throw unreadableWriteAnswer('the answer is not JSON', response.status)
          throw malformedAnswer('the answer is not JSON', response.status)
        }
        return json
      }
      throw failureFromAnswer(response.status, response.headers['retry-after'], text, request, redactAll, options.now())
    }
  }
}

/** An answer to a write that cannot be read: the write may well have taken effect. */
export function unreadableWriteAnswer(detail: string, httpStatus: number | null): PiApiError {
  return new PiApiError({ code: 'pi_answer_unreadable', httpStatus, detail, outcomeUnknown: true })
}

function failureWithoutAnswer(axiosCode: string | undefined, request: PiRequest): PiApiError {
  const neverSent = axiosCode !== undefined && NEVER_SENT.has(axiosCode)
  if (request.method === 'POST' && !neverSent) {
    // Timed out or dropped after sending: Pi may have acted. No idempotency keys exist, so the
    // caller must read the payment back rather than send this again.
    return new PiApiError({ code: 'pi_outcome_unknown', httpStatus: null, outcomeUnknown: true })
  }
  if (axiosCode === 'ERR_BAD_RESPONSE') {
    if (request.method === 'POST') return unreadableWriteAnswer('the answer is too large or unreadable', null)
    return new PiApiError({ code: 'pi_malformed_answer', httpStatus: null, detail: 'the answer is too large or unreadable' })
  }
  return new PiApiError({ code: 'pi_unreachable', httpStatus: null, retryable: true })
}

function failureFromAnswer(
  status: number,
  retryAfterHeader: unknown,
  text: string,
  request: PiRequest,
  redact: (text: string) => string,
  nowMs: number
): PiApiError {
  const json = parseJson(text)
  const body = isRecord(json) ? json : null
  const piCode = body !== null && typeof body.error === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(body.error) ? body.error : null
  const serverError = status >= 500
  const common = {
    httpStatus: status,
    piMessage: body !== null ? piText(body.error_message, redact) : null,
    verificationError: body !== null ? piText(body.verification_error, redact) : null,
    payment: body !== null ? readAttachedPayment(body.payment) : null,
    retryAfterMs: parseRetryAfter(retryAfterHeader, nowMs),
    retryable: serverError || status === 429,
    // A POST that failed inside Pi's servers may still have been applied.
    outcomeUnknown: request.method === 'POST' && serverError
  }
  return new PiApiError({ code: codeFor(status, piCode, request), ...common })
}

function codeFor(status: number, piCode: string | null, request: PiRequest): string {
  // missing_scope comes as a 401 although the key is fine: it is about the buyer, and permanent.
  if (piCode === 'missing_scope') return 'missing_scope'
  if (status === 401) return request.bearerToken === undefined ? 'pi_key_rejected' : 'pi_token_rejected'
  if (status === 429) return 'pi_rate_limited'
  if (piCode !== null) return piCode
  if (status >= 500) return 'pi_unavailable'
  // Pi has answered an unknown buyer with a bare 404 (pi-platform.md §1).
  if (status === 404 && request.call === 'createPayment') return 'user_not_found'
  return 'pi_unexpected_answer'
}

function piText(value: unknown, redact: (text: string) => string): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null
  // eslint-disable-next-line no-control-regex
  const clean = redact(value).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  return clean.length > MAX_PI_TEXT ? `${clean.slice(0, MAX_PI_TEXT - 3)}...` : clean
}

/** Removes each secret from a text, should a server ever echo one back. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const present = secrets.filter((secret) => secret.length > 0)
  return (text) => present.reduce((out, secret) => out.split(secret).join('[redacted]'), text)
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
