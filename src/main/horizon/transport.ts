// How every Horizon request goes out: through @stellar/stellar-sdk's Horizon.Server and its axios
// client, with what Horizon actually answered (status, raw body, Retry-After) captured on the way.
// Why capture: the SDK rewraps failures into errors that drop the status and headers, and rewrites
// records (links become functions, `ledger` moves to `ledger_attr`). We validate the raw JSON
// ourselves instead, and need the status to tell a 429 from a 504.
import { AsyncLocalStorage } from 'node:async_hooks'
import { Horizon } from '@stellar/stellar-sdk'
import axios, { type AxiosInstance, type AxiosResponse } from 'axios'
import { HorizonError, malformedHorizonAnswer } from './errors'
import { isLoopbackUrl, parseRetryAfter, withRetries, type Random, type RetryPolicy, type Sleep } from '../http'

export interface HorizonTransportOptions {
  readonly url: URL
  readonly timeoutMs: number
  readonly submitTimeoutMs: number
  readonly retry: RetryPolicy
  readonly sleep: Sleep
  readonly random: Random
  readonly now: () => number
}

/** What Horizon answered, whatever the status. `json` is undefined when the body is not JSON. */
export interface HorizonAnswer {
  readonly status: number
  readonly json: unknown
  readonly retryAfterMs: number | null
}

export type Exchange =
  | { readonly kind: 'answer'; readonly answer: HorizonAnswer }
  | { readonly kind: 'no_answer'; readonly axiosCode: string | undefined }

export const NOT_FOUND: unique symbol = Symbol('horizon 404')

export interface HorizonTransport {
  readonly server: Horizon.Server
  /** The SDK's axios instance, for the event stream. */
  readonly http: AxiosInstance
  /** One SDK call, one attempt, whatever happens: for submissions. */
  exchange(call: (server: Horizon.Server) => Promise<unknown>): Promise<Exchange>
  /** An idempotent read: JSON of a 2xx answer, retried on network errors, timeouts, 5xx and 429. */
  read(call: (server: Horizon.Server) => Promise<unknown>): Promise<unknown>
  /** The same, but a 404 resolves to NOT_FOUND instead of throwing. */
  readOrNotFound(call: (server: Horizon.Server) => Promise<unknown>): Promise<unknown>
}

const MAX_ANSWER_BYTES = 16 * 1024 * 1024
const MAX_PROBLEM_TEXT = 200

interface Slot {
  answer?: HorizonAnswer
  failed?: { readonly axiosCode: string | undefined }
}

export function createHorizonTransport(options: HorizonTransportOptions): HorizonTransport {
  const server = new Horizon.Server(options.url.toString(), { allowHttp: isLoopbackUrl(options.url) })
  // The Node build of the SDK hands out a plain axios instance; its own type only names a subset.
  const http = server.httpClient as unknown as AxiosInstance
  Object.assign(http.defaults, {
    timeout: options.timeoutMs,
    adapter: 'http',
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxContentLength: MAX_ANSWER_BYTES,
    maxRedirects: 0,
    transitional: { ...http.defaults.transitional, clarifyTimeoutError: true },
    ...(isLoopbackUrl(options.url) ? { proxy: false } : {})
  })
  // The SDK hard-codes 60 s for submissions; ours is configurable like everything else.
  http.interceptors.request.use((config) => {
    if (config.method?.toLowerCase() === 'post') config.timeout = options.submitTimeoutMs
    return config
  })

  // Each call runs in its own slot, so concurrent requests never see each other's answers.
  const slots = new AsyncLocalStorage<Slot>()
  http.interceptors.response.use(
    (response) => {
      const slot = slots.getStore()
      if (slot !== undefined) slot.answer = answerOf(response, options.now())
      return response
    },
    (error: unknown) => {
      const slot = slots.getStore()
      if (slot !== undefined) {
        if (axios.isAxiosError(error) && error.response !== undefined) {
          slot.answer = answerOf(error.response, options.now())
        } else {
          slot.failed = { axiosCode: axios.isAxiosError(error) ? error.code : undefined }
        }
      }
      return Promise.reject(error)
    }
  )

  const exchange = async (call: (server: Horizon.Server) => Promise<unknown>): Promise<Exchange> => {
    const slot: Slot = {}
    try {
      await slots.run(slot, () => call(server))
    } catch (error) {
      // Nothing captured means the SDK failed before sending: a bug, not a network condition.
      if (slot.answer === undefined && slot.failed === undefined) throw error
    }
    if (slot.answer !== undefined) return { kind: 'answer', answer: slot.answer }
    return { kind: 'no_answer', axiosCode: slot.failed?.axiosCode }
  }

  const readOnce = async (call: (server: Horizon.Server) => Promise<unknown>, allowNotFound: boolean) => {
    const outcome = await exchange(call)
    if (outcome.kind === 'no_answer') throw failureWithoutAnswer(outcome.axiosCode)
    const { status, json } = outcome.answer
    if (status >= 200 && status < 300) {
      if (json === undefined) throw malformedHorizonAnswer('the answer is not JSON', status)
      return json
    }
    if (status === 404 && allowNotFound) return NOT_FOUND
    throw failureFromAnswer(outcome.answer)
  }

  const retrying = (call: (server: Horizon.Server) => Promise<unknown>, allowNotFound: boolean) =>
    withRetries(() => readOnce(call, allowNotFound), {
      policy: options.retry,
      sleep: options.sleep,
      random: options.random,
      hintOf: (error) => (error instanceof HorizonError ? error : null)
    })

  return {
    server,
    http,
    exchange,
    read: (call) => retrying(call, false),
    readOrNotFound: (call) => retrying(call, true)
  }
}

export function failureWithoutAnswer(axiosCode: string | undefined): HorizonError {
  if (axiosCode === 'ERR_BAD_RESPONSE') {
    return malformedHorizonAnswer('the answer is too large or unreadable', null)
  }
  return new HorizonError({ code: 'horizon_unreachable', httpStatus: null, retryable: true })
}

export function failureFromAnswer(answer: HorizonAnswer): HorizonError {
  const { status } = answer
  const common = { httpStatus: status, problem: problemText(answer.json), retryAfterMs: answer.retryAfterMs }
  if (status === 429) return new HorizonError({ code: 'horizon_rate_limited', ...common, retryable: true })
  if (status >= 500) return new HorizonError({ code: 'horizon_unavailable', ...common, retryable: true })
  if (status === 404) return new HorizonError({ code: 'horizon_not_found', ...common })
  return new HorizonError({ code: 'horizon_bad_request', ...common })
}

function answerOf(response: Pick<AxiosResponse<unknown>, 'status' | 'data' | 'headers'>, nowMs: number): HorizonAnswer {
  const headers = response.headers as Record<string, unknown>
  return {
    status: response.status,
    json: typeof response.data === 'string' ? parseJson(response.data) : undefined,
    retryAfterMs: parseRetryAfter(headers['retry-after'], nowMs)
  }
}

/** Horizon's problem documents: `{type, title, status, detail, extras}`. */
function problemText(json: unknown): string | null {
  if (typeof json !== 'object' || json === null) return null
  const { detail, title } = json as { detail?: unknown; title?: unknown }
  const text = typeof detail === 'string' && detail !== '' ? detail : typeof title === 'string' ? title : null
  if (text === null) return null
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  return clean.length > MAX_PROBLEM_TEXT ? `${clean.slice(0, MAX_PROBLEM_TEXT - 3)}...` : clean
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
