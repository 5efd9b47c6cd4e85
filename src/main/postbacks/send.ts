// One POST to the shop, with a deadline. Whatever happens (an answer, a timeout, a refused or
// reset connection, a name that does not resolve) becomes an outcome in words; nothing here
// throws for the shop's sake, so a broken shop can only ever delay its own postbacks.
import { DELIVERY_HEADER, SIGNATURE_HEADER } from './signature'

export interface PostbackRequest {
  readonly url: string
  readonly body: string
  readonly deliveryId: number
  /** The X-Merchant-Desk-Signature value. */
  readonly signature: string
  readonly timeoutMs: number
}

/** The shop's HTTP status, or why there was none. */
export type SendResult = { readonly status: number } | { readonly error: string }

/** How a postback leaves the desk; tests may pass another (the real one is `postWithFetch`). */
export type PostbackSender = (request: PostbackRequest) => Promise<SendResult>

export const postWithFetch: PostbackSender = async (request) => {
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Merchant-Desk-Postbacks',
        [DELIVERY_HEADER]: String(request.deliveryId),
        [SIGNATURE_HEADER]: request.signature
      },
      body: request.body,
      // A redirect is not an acknowledgement: the shop must answer 2xx at the address it gave.
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs)
    })
    // Only the status counts; the body is not read (a shop that streams forever cannot hold us).
    await response.body?.cancel().catch(() => undefined)
    return { status: response.status }
  } catch (error) {
    return { error: describeSendFailure(error, request.timeoutMs) }
  }
}

const CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the shop refused the connection: its backend is not running, or not at this address',
  ECONNRESET: 'the shop closed the connection before answering',
  UND_ERR_SOCKET: 'the shop closed the connection before answering',
  ENOTFOUND: "the shop's address does not resolve",
  EAI_AGAIN: "the shop's address could not be resolved right now",
  EHOSTUNREACH: "the shop's host cannot be reached",
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  CERT_HAS_EXPIRED: "the shop's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the shop's TLS certificate is self-signed",
  UND_ERR_HEADERS_TIMEOUT: 'the shop did not answer in time'
}

export function describeSendFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `No answer within ${formatSeconds(timeoutMs)}.`
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined
  const code = typeof cause?.code === 'string' ? cause.code : null
  if (code !== null) {
    const words = CODES[code] ?? (typeof cause?.message === 'string' ? cause.message : 'the connection failed')
    return `${capitalise(words)} (${code}).`
  }
  return `The POST failed: ${error instanceof Error ? error.message : 'unknown error'}.`
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
