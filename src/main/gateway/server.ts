// The gateway's HTTP server (node:http). Three routes:
//   POST /                   JSON-RPC 2.0 (start_payment, get_payment): allowed addresses and the
//                            shop's Bearer token only, checked before the body is read
//   GET  /<id>/status.json   public; CORS for GET; never cached
//   GET  /<id>               the checkout page (checkout-page.ts)
// Invariant: a request that is refused (address, token, size, shape) writes nothing; only a
// well-formed, authorised start_payment reaches the invoice service, which validates it again.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { UserFacingError } from '../../shared/errors'
import { bearerMatches, type AllowList } from './access'
import { renderCheckoutPage } from './checkout-page'
import {
  ADDRESS_REFUSED,
  INTERNAL_ERROR,
  INVALID_REQUEST,
  UNAUTHORIZED,
  readRpcRequest,
  rpcError,
  rpcErrorOf,
  rpcReply,
  type RequestId
} from './json-rpc'
import { callMethod, type GatewayInvoices } from './methods'

/** A JSON-RPC request is small; anything bigger is refused before it is parsed. */
export const MAX_BODY_BYTES = 64 * 1024
export const DEFAULT_GATEWAY_HOST = '127.0.0.1'
export const DEFAULT_GATEWAY_PORT = 8477

const ID_PATH = /^\/(inv_[1-9A-HJ-NP-Za-km-z]{20})(\/status\.json)?$/

export interface GatewayServerOptions {
  readonly invoices: GatewayInvoices
  /** The shop's token (checked by checkGatewayToken). */
  readonly token: string
  readonly allow: AllowList
  readonly host?: string
  /** 0 picks a free port. */
  readonly port?: number
  /** A bug while answering (the caller gets -32603 / 500, never its details). */
  readonly onInternalError?: (where: string, error: unknown) => void
}

export interface RunningGatewayServer {
  /** http://host:port/ as the shop reaches it. */
  readonly url: string
  readonly host: string
  readonly port: number
  close(): Promise<void>
}

export async function startGatewayServer(options: GatewayServerOptions): Promise<RunningGatewayServer> {
  const host = options.host ?? DEFAULT_GATEWAY_HOST
  const port = options.port ?? DEFAULT_GATEWAY_PORT
  const internal = (where: string, error: unknown): void => {
    try {
      options.onInternalError?.(where, error)
    } catch {
      // A logger's failure is not the request's.
    }
  }
  let baseUrl = ''
  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      internal('gateway', error)
      if (!response.headersSent) sendJson(response, 500, { error: 'internal_error', message: 'The gateway could not answer. Try again.' })
      else response.destroy()
    })
  })
  // Slow or idle clients are let go; a shop's request takes milliseconds.
  server.requestTimeout = 15_000
  server.headersTimeout = 10_000
  server.keepAliveTimeout = 5_000
  // A shop and its customers' polling pages need far fewer; a flood finds the door shut, not the desk's memory.
  server.maxConnections = 512

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] ?? '/'
    if (path === '/' && request.method === 'POST') return answerRpc(request, response)
    const match = ID_PATH.exec(path)
    if (request.method === 'OPTIONS') {
      // Browsers may read the status from any page (a shop's own checkout); nothing else.
      response.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Max-Age': '600', 'Content-Length': '0' })
      response.end()
      return
    }
    if (match === null) return sendJson(response, 404, { error: 'not_found', message: 'Nothing here: the gateway answers POST / (JSON-RPC), GET /<id>/status.json and GET /<id>.' })
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD')
      return sendJson(response, 405, { error: 'method_not_allowed', message: 'Use GET.' })
    }
    const id = match[1] ?? ''
    if (match[2] !== undefined) {
      response.setHeader('Access-Control-Allow-Origin', '*')
      const status = await options.invoices.statusJson(id)
      if (status === null) return sendJson(response, 404, { error: 'not_found', message: `There is no payment ${id} on this network.` })
      return sendJson(response, 200, status)
    }
    const invoice = await options.invoices.publicView(id)
    if (invoice === null) return sendJson(response, 404, { error: 'not_found', message: `There is no payment ${id} on this network.` })
    const page = await renderCheckoutPage(invoice)
    const body = Buffer.from(page.html, 'utf8')
    response.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': String(body.length),
      'Content-Security-Policy': page.contentSecurityPolicy,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY'
    })
    response.end(request.method === 'HEAD' ? undefined : body)
  }

  async function answerRpc(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refuse = (status: number, id: RequestId | null, code: number, appCode: string, sentence: string): void => {
      request.resume()
      sendText(response, status, rpcReply(id, { error: rpcError(code, appCode, sentence) }), status === 413 ? { Connection: 'close' } : {})
    }
    if (!options.allow.allows(request.socket.remoteAddress)) {
      return refuse(403, null, ADDRESS_REFUSED, 'address_refused', `This address (${request.socket.remoteAddress ?? 'unknown'}) may not start payments: add it to the gateway's allow list (--allow or MERCHANT_DESK_GATEWAY_ALLOW).`)
    }
    if (!bearerMatches(request.headers.authorization, options.token)) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="merchant-desk-gateway"')
      return refuse(401, null, UNAUTHORIZED, 'unauthorized', "The request has no valid token: send the shop's token as `Authorization: Bearer <MERCHANT_DESK_GATEWAY_TOKEN>`.")
    }
    const declared = Number(request.headers['content-length'] ?? '0')
    if (declared > MAX_BODY_BYTES) return refuse(413, null, INVALID_REQUEST, 'request_too_large', `Invalid request: the body is larger than ${MAX_BODY_BYTES / 1024} KiB.`)
    const body = await readBody(request)
    if (body === null) return refuse(413, null, INVALID_REQUEST, 'request_too_large', `Invalid request: the body is larger than ${MAX_BODY_BYTES / 1024} KiB.`)
    const parsed = readRpcRequest(body)
    if ('error' in parsed) return sendText(response, 200, rpcReply(parsed.id, { error: parsed.error }))
    try {
      const outcome = await callMethod(parsed.method, parsed.params, { invoices: options.invoices, baseUrl: baseUrlFor(request) })
      sendText(response, 200, rpcReply(parsed.id, outcome))
    } catch (error) {
      const known = rpcErrorOf(error)
      if (known === null) internal(`gateway ${parsed.method}`, error)
      const replied = known ?? rpcError(INTERNAL_ERROR, 'internal_error', 'Internal error: the gateway could not answer. Try again; if it keeps failing, the desk\u2019s log says why.')
      sendText(response, 200, rpcReply(parsed.id, { error: replied }))
    }
  }

  /** The address the shop used: ours, or its Host header when we listen on every interface. */
  function baseUrlFor(request: IncomingMessage): string {
    if (host !== '0.0.0.0' && host !== '::') return baseUrl
    const given = request.headers.host ?? ''
    return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(given) ? `http://${given}/` : baseUrl
  }

  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => reject(listenError(error, host, port))
    server.once('error', failed)
    server.listen(port, host, () => {
      server.off('error', failed)
      resolve()
    })
  })
  server.on('error', (error) => internal('gateway server', error))
  const address = server.address() as AddressInfo
  baseUrl = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/`
  return {
    url: baseUrl,
    host: address.address,
    port: address.port,
    close: () => closeServer(server)
  }
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) over = true
      if (!over) chunks.push(chunk)
    })
    request.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  sendText(response, status, JSON.stringify(value))
}

function sendText(response: ServerResponse, status: number, text: string, extra: Readonly<Record<string, string>> = {}): void {
  const body = Buffer.from(text, 'utf8')
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra
  })
  response.end(body)
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new UserFacingError(
        'gateway_port_in_use',
        `Port ${port} on ${host} is already in use (another gateway, or another program). Stop that program, or choose another port (--port N; 0 picks a free one) and start the gateway again.`
      )
    case 'EACCES':
      return new UserFacingError('gateway_port_refused', `Port ${port} may not be used by this user (ports below 1024 need more rights). Choose a port from 1024 up and start the gateway again.`)
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new UserFacingError('gateway_host_unavailable', `This machine has no address ${host}. Give --host an address of this machine (127.0.0.1 unless the shop runs elsewhere) and start the gateway again.`)
    default:
      return error
  }
}

/** Stops listening and ends idle keep-alive connections, so close() does not wait for them. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeIdleConnections()
    // A request in flight gets a moment to finish; then its connection goes too.
    setTimeout(() => server.closeAllConnections(), 2_000).unref()
  })
}
