// The browser preview's loopback bridge: serves the built renderer and lets that one page call
// the same router the Electron window calls. Development and tests only; never packaged.
// Invariant: listens on 127.0.0.1 only; every request passes the Host/Origin checks and every
// bridge request the session token (see bridge-guard.ts) before anything else happens; nothing
// outside staticDir is served; no CORS header is ever sent.
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fail } from '../../shared/contract/envelope'
import { DEFAULT_MAX_INPUT_BYTES, type EventBus, type Router } from '../../main/ipc'
import { checkPlace, checkSameOriginFetch, checkToken, identityOf, type Refusal, type ServerIdentity } from './bridge-guard'
import { createEventStreams, type EventStreams } from './event-stream'
import { sendEnvelope, sendRefusal, sendText } from './http-answers'
import { readBody } from './read-body'
import { openStaticSite, type StaticSite } from './static-files'

export const TOKEN_HEADER = 'x-merchant-desk-token'
export const INVOKE_PATH = '/bridge/invoke'
export const EVENTS_PATH = '/bridge/events'

/** What the bridge needs of `createMainServices(...)`; the caller keeps ownership (and closes it). */
export interface PreviewServices {
  readonly router: Pick<Router, 'call'>
  readonly events: Pick<EventBus, 'onAny'>
}

export interface PreviewServerOptions {
  readonly services: PreviewServices
  /** The preview build (`.preview-build/`), with index.html at its root. */
  readonly staticDir: string
  /** 0 or absent: any free port. */
  readonly port?: number
  readonly host?: '127.0.0.1'
  /** Largest request body; the router applies its own input limit on top. */
  readonly maxBodyBytes?: number
}

export interface PreviewServer {
  /** Where to point the browser; the token reaches the page through index.html, not the URL. */
  readonly url: string
  readonly token: string
  close(): Promise<void>
}

// Room for the `{channel, input}` wrapper around an input of the router's largest size.
export const DEFAULT_MAX_BODY_BYTES = DEFAULT_MAX_INPUT_BYTES + 16 * 1024

const REFUSALS: Readonly<Record<string, string>> = {
  host: 'This address is not the Merchant Desk preview.',
  origin: 'Requests from other web pages are not accepted.',
  'fetch-site': 'Requests from other web pages are not accepted.',
  token: 'This request did not come from the Merchant Desk preview page. Reload the page.'
}

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const host = options.host ?? '127.0.0.1'
  // Loopback only, whatever an untyped caller passes: this server drives the merchant's data.
  if (host !== '127.0.0.1') throw new Error('The preview server only listens on 127.0.0.1')
  const token = randomBytes(32).toString('base64url')
  const site = await openStaticSite(options.staticDir, token)
  const streams = createEventStreams(options.services.events)
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES

  let self: ServerIdentity | null = null
  const server = createServer((req, res) => {
    if (!self) return sendText(res, 503, 'Starting')
    handle(req, res, { self, token, site, streams, services: options.services, maxBodyBytes }).catch(() => {
      if (!res.headersSent) sendEnvelope(res, 500, fail('internal_error', 'The preview server failed to answer.'))
      else res.destroy()
    })
  })
  server.headersTimeout = 10_000
  server.requestTimeout = 60_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  self = identityOf(host, port)

  return {
    url: `${self.origin}/`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        streams.closeAll()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

interface Context {
  readonly self: ServerIdentity
  readonly token: string
  readonly site: StaticSite
  readonly streams: EventStreams
  readonly services: PreviewServices
  readonly maxBodyBytes: number
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: Context): Promise<void> {
  const facts = {
    host: req.headers.host,
    origin: req.headers.origin,
    secFetchSite: headerValue(req.headers['sec-fetch-site'])
  }
  const place = checkPlace(facts, ctx.self)
  if (place) return refuse(res, place)

  const url = new URL(req.url ?? '/', ctx.self.origin)
  if (url.pathname.startsWith('/bridge/')) {
    const sameOrigin = checkSameOriginFetch(facts)
    if (sameOrigin) return refuse(res, sameOrigin)
    if (url.pathname === INVOKE_PATH) return invoke(req, res, ctx)
    if (url.pathname === EVENTS_PATH) return subscribe(req, res, url, ctx)
    return sendRefusal(res, 404, 'unknown_channel', 'This action is not available.')
  }

  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD')
    return sendText(res, 405, 'Method not allowed')
  }
  if (url.search !== '') {
    // Nothing static takes a query; refusing one keeps tokens from being echoed anywhere else.
    return sendText(res, 404, 'Not found')
  }
  return ctx.site.serve(url.pathname, res, req.method === 'HEAD')
}

async function invoke(req: IncomingMessage, res: ServerResponse, ctx: Context): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST')
    return sendRefusal(res, 405, 'invalid_input', 'Calls are made with POST.')
  }
  // The token travels in a header here, never in the URL (only the event stream needs the query).
  const tokenRefusal = checkToken(headerValue(req.headers[TOKEN_HEADER]), ctx.token)
  if (tokenRefusal) return refuse(res, tokenRefusal)
  if (!isJsonContentType(req.headers['content-type'])) {
    return sendRefusal(res, 415, 'invalid_input', 'The request was not understood: expected JSON.')
  }

  const body = await readBody(req, ctx.maxBodyBytes)
  if (!body.ok) {
    if (body.reason === 'aborted') return void res.destroy()
    return sendRefusal(res, 413, 'input_too_large', 'That is more data than one request may carry. Send it in smaller parts.')
  }
  let call: unknown
  try {
    call = JSON.parse(body.text)
  } catch {
    return sendEnvelope(res, 400, fail('invalid_input', 'The request was not understood: it is not valid JSON.'))
  }
  if (!isCall(call)) {
    return sendEnvelope(res, 400, fail('invalid_input', 'The request was not understood: it names no action.'))
  }
  // From here on the router decides, exactly as for an Electron IPC call.
  return sendEnvelope(res, 200, await ctx.services.router.call(call.channel, call.input))
}

function subscribe(req: IncomingMessage, res: ServerResponse, url: URL, ctx: Context): void {
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET')
    return sendRefusal(res, 405, 'invalid_input', 'The event stream is read with GET.')
  }
  // EventSource cannot send headers: this is the one route that takes the token in the query.
  const tokenRefusal = checkToken(url.searchParams.get('token'), ctx.token)
  if (tokenRefusal) return refuse(res, tokenRefusal)
  ctx.streams.open(req, res)
}

function refuse(res: ServerResponse, refusal: Refusal): void {
  sendRefusal(res, refusal.status, 'forbidden_sender', REFUSALS[refusal.reason] ?? 'Not allowed.')
}

function isCall(value: unknown): value is { channel: string; input?: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { channel?: unknown }).channel === 'string'
}

function isJsonContentType(value: string | undefined): boolean {
  return value !== undefined && value.split(';')[0]!.trim().toLowerCase() === 'application/json'
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
