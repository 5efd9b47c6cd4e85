// Everything a handler may read about a request, with the body read on demand and capped.
import type { IncomingMessage, ServerResponse } from 'node:http'

const MAX_BODY_BYTES = 1 << 20

export class BodyTooLargeError extends Error {}

export interface RequestContext {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly params: Readonly<Record<string, string>>
  /** Route key, e.g. "GET /accounts/:account_id". */
  readonly route: string
  /** Scheme and authority the client used ("http://127.0.0.1:8000"): the base of every link we render. */
  readonly baseUrl: string
  header(name: string): string | undefined
  body(): Promise<Buffer>
  /** The body as application/x-www-form-urlencoded fields. */
  form(): Promise<URLSearchParams>
  json(): Promise<unknown>
  /** Runs when the client goes away (or the server closes): streams unsubscribe here. */
  onClose(listener: () => void): void
}

export function createContext(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  route: string,
  params: Readonly<Record<string, string>>
): RequestContext {
  // Read the body as it arrives, before any fault delays the handler: a client that gives up
  // after sending must not take its request with it (the server got it), and a body that can
  // never complete must fail rather than hang the handler.
  const body = readBody(req)
  body.catch(() => undefined)
  return {
    req,
    res,
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    params,
    route,
    baseUrl: `${url.protocol}//${url.host}`,
    header: (name) => {
      const value = req.headers[name.toLowerCase()]
      return Array.isArray(value) ? value.join(', ') : value
    },
    body: () => body,
    form: async () => new URLSearchParams((await body).toString('utf8')),
    json: async () => JSON.parse((await body).toString('utf8')) as unknown,
    onClose: (listener) => {
      res.on('close', listener)
    }
  }
}

export class IncompleteBodyError extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError(`request body exceeds ${MAX_BODY_BYTES} bytes`))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('close', () => {
      if (!req.complete) reject(new IncompleteBodyError('the client went away before sending the whole body'))
    })
    req.on('error', reject)
  })
}
