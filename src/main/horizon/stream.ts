// Live payments of an account over Horizon's server-sent events. Written here rather than with the
// SDK's `stream()` because that one reconnects on a fixed timer without backoff and cannot resume
// from the last record it delivered after an error answer. This stream is a notifier: the sync
// engine still pages from its saved cursor, so a record skipped here is never lost from the ledger.
import type { AxiosInstance } from 'axios'
import type { Readable } from 'node:stream'
import { HorizonError } from './errors'
import { readAccountPayment, type AccountPaymentRecord } from './readers'
import { failureFromAnswer } from './transport'
import { parseRetryAfter, retryDelayMs, type Random, type RetryPolicy, type Sleep } from '../http'

export interface PaymentStreamOptions {
  readonly account: string
  /** Paging token to start after; 'now' (the default) for only what happens from here on. */
  readonly cursor?: string
  readonly onPayment: (record: AccountPaymentRecord) => void
  /** A dropped connection, an error answer, or an unreadable record; the stream carries on. */
  readonly onError?: (error: HorizonError) => void
  /** Reconnect when nothing (not even a keep-alive) arrived for this long. */
  readonly idleTimeoutMs?: number
}

export interface StreamDeps {
  readonly http: AxiosInstance
  readonly baseUrl: URL
  readonly retry: RetryPolicy
  readonly sleep: Sleep | null
  readonly random: Random
  readonly now: () => number
}

export const DEFAULT_STREAM_IDLE_MS = 60_000

interface ConnectionEnd {
  readonly delivered: boolean
  readonly error: HorizonError | null
  readonly retryAfterMs: number | null
}

export function streamPayments(deps: StreamDeps, options: PaymentStreamOptions): () => void {
  let stopped = false
  let cursor = options.cursor ?? 'now'
  let current: AbortController | null = null
  let wakeUp: (() => void) | null = null
  const idleMs = options.idleTimeoutMs ?? DEFAULT_STREAM_IDLE_MS

  const report = (error: HorizonError): void => {
    if (stopped) return
    try {
      options.onError?.(error)
    } catch {
      // A listener's failure must not end the stream (nor surface as an unhandled rejection).
    }
  }

  const pause = (ms: number): Promise<void> => {
    if (deps.sleep !== null) return deps.sleep(ms)
    // An unref'd timer that stop() can cut short: a stopped stream never holds the app open.
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms)
      timer.unref()
      wakeUp = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }

  const connectOnce = async (): Promise<ConnectionEnd> => {
    const controller = new AbortController()
    current = controller
    let idle: NodeJS.Timeout | undefined
    let silent = false
    const touch = (): void => {
      clearTimeout(idle)
      idle = setTimeout(() => {
        silent = true
        controller.abort()
      }, idleMs)
      idle.unref()
    }
    let delivered = false
    touch()
    try {
      const url = new URL(`accounts/${options.account}/payments`, deps.baseUrl)
      url.searchParams.set('cursor', cursor)
      url.searchParams.set('join', 'transactions')
      url.searchParams.set('include_failed', 'true')
      const response = await deps.http.get<Readable>(url.toString(), {
        responseType: 'stream',
        signal: controller.signal,
        timeout: 0,
        headers: { Accept: 'text/event-stream' },
        validateStatus: () => true
      })
      if (response.status !== 200) {
        response.data.destroy()
        const retryAfterMs = parseRetryAfter((response.headers as Record<string, unknown>)['retry-after'], deps.now())
        const error = failureFromAnswer({ status: response.status, json: undefined, retryAfterMs })
        return { delivered, error, retryAfterMs }
      }
      const parser = new EventParser()
      for await (const chunk of response.data) {
        touch()
        for (const event of parser.push(chunk as Buffer)) {
          if (event.type === 'close') return { delivered, error: null, retryAfterMs: null }
          if (handle(event.data)) delivered = true
        }
      }
      return { delivered, error: null, retryAfterMs: null }
    } catch {
      if (stopped) return { delivered, error: null, retryAfterMs: null }
      const detail = silent ? 'the live stream went silent' : 'the live stream dropped'
      const error = new HorizonError({ code: 'horizon_unreachable', httpStatus: null, retryable: true, detail })
      return { delivered, error, retryAfterMs: null }
    } finally {
      clearTimeout(idle)
      current = null
    }
  }

  /** True when a payment record was delivered. */
  const handle = (data: string): boolean => {
    let json: unknown
    try {
      json = JSON.parse(data)
    } catch {
      return false
    }
    // Horizon opens with "hello" and may say "byebye": only objects are records.
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return false
    const token = (json as { paging_token?: unknown }).paging_token
    let record: AccountPaymentRecord
    try {
      record = readAccountPayment(json)
    } catch (error) {
      // Skip past an unreadable record rather than reconnect into it forever; paging reports it.
      if (typeof token === 'string' && /^[0-9A-Za-z_-]{1,64}$/.test(token)) cursor = token
      if (error instanceof HorizonError) report(error)
      return false
    }
    cursor = record.pagingToken
    try {
      options.onPayment(record)
    } catch {
      // A listener's failure is not the stream's: the sync engine pages from its own cursor anyway.
    }
    return true
  }

  void (async () => {
    let failures = 0
    while (!stopped) {
      const end = await connectOnce()
      if (stopped) break
      if (end.error !== null) report(end.error)
      failures = end.delivered ? 0 : failures + 1
      const hint = { retryable: true, retryAfterMs: end.retryAfterMs }
      const delay = retryDelayMs(Math.max(0, failures - 1), hint, deps.retry, deps.random)
      await pause(delay)
    }
  })()

  return () => {
    stopped = true
    current?.abort()
    wakeUp?.()
  }
}

interface ServerSentEvent {
  readonly type: string
  readonly data: string
}

/** The text/event-stream format: fields per line, an empty line ends an event. */
class EventParser {
  private readonly decoder = new TextDecoder()
  private buffer = ''
  private data: string[] = []
  private type = ''

  push(chunk: Buffer): ServerSentEvent[] {
    this.buffer += this.decoder.decode(chunk, { stream: true })
    // A '\r' at the very end may be the first half of '\r\n': it waits for the next chunk.
    const lines = this.buffer.split(/\r\n|\n|\r(?!$)/)
    this.buffer = lines.pop() ?? ''
    const events: ServerSentEvent[] = []
    for (const line of lines) {
      if (line === '') {
        if (this.data.length > 0 || this.type === 'close') {
          events.push({ type: this.type || 'message', data: this.data.join('\n') })
        }
        this.data = []
        this.type = ''
        continue
      }
      if (line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon === -1 ? line : line.slice(0, colon)
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'data') this.data.push(value)
      else if (field === 'event') this.type = value
    }
    return events
  }
}
