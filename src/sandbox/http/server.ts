// A loopback HTTP server for a simulated service: routes requests, logs them, and lets the fault
// plan intervene before (latency, timeout, reset, error pages, 429) or after (malformed JSON,
// apply-then-504) the real handler. Each service supplies its own error bodies (`pages`), so
// Horizon answers problem+json and the Pi Platform its own shapes.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { BodyTooLargeError, createContext, type RequestContext } from './context'
import { FaultPlan, type FaultRule } from './faults'
import { STREAMED, htmlReply, jsonReply, nginxErrorPage, type HandlerResult, type HttpReply } from './reply'
import { RequestLog, type LoggedRequest } from './request-log'
import type { Router } from './router'

/** How a service words its own errors. */
export interface ServicePages {
  notFound(ctx: RequestContext): HttpReply
  methodNotAllowed(ctx: RequestContext, allowed: readonly string[]): HttpReply
  internalError(ctx: RequestContext, error: unknown): HttpReply
  payloadTooLarge(ctx: RequestContext): HttpReply
  rateLimited(ctx: RequestContext, retryAfterSeconds: number): HttpReply
  gatewayTimeout(ctx: RequestContext): HttpReply
}

export const PLAIN_PAGES: ServicePages = {
  notFound: () => jsonReply(404, { error: 'not_found' }),
  methodNotAllowed: (_ctx, allowed) => jsonReply(405, { error: 'method_not_allowed' }, undefined, { Allow: allowed.join(', ') }),
  internalError: () => jsonReply(500, { error: 'internal_error' }),
  payloadTooLarge: () => jsonReply(413, { error: 'payload_too_large' }),
  rateLimited: () => jsonReply(429, { error: 'rate_limited' }),
  gatewayTimeout: () => htmlReply(504, nginxErrorPage(504))
}

export interface HttpServerOptions {
  readonly router: Router
  /** Default 127.0.0.1: the sandbox never listens beyond loopback unless told to. */
  readonly host?: string
  /** Default 0: any free port. */
  readonly port?: number
  readonly faults?: FaultPlan
  readonly requests?: RequestLog
  readonly pages?: ServicePages
  /** Headers on every answer, faults included (e.g. Horizon's Date from the ledger clock). */
  readonly headers?: (ctx: RequestContext) => Readonly<Record<string, string>>
}

export interface RunningServer {
  readonly url: string
  readonly port: number
  readonly faults: FaultPlan
  readonly requests: RequestLog
  close(): Promise<void>
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const faults = options.faults ?? new FaultPlan()
  const requests = options.requests ?? new RequestLog()
  const pages = options.pages ?? PLAIN_PAGES
  const host = options.host ?? '127.0.0.1'
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()

  const server = createServer((req, res) => {
    void serve(req, res, { ...options, faults, requests, pages, timers }).catch((error: unknown) => {
      if (!res.headersSent) {
        res.statusCode = 500
        res.end(String(error))
      } else res.destroy()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host

  return {
    url: `http://${urlHost}:${port}`,
    port,
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer)
        server.close(() => resolve())
        // Streams, held (timeout) requests and keep-alive sockets would keep close() waiting forever.
        for (const socket of sockets) socket.destroy()
      })
  }
}

interface Pipeline {
  readonly router: Router
  readonly faults: FaultPlan
  readonly requests: RequestLog
  readonly pages: ServicePages
  readonly timers: Set<NodeJS.Timeout>
  readonly headers?: (ctx: RequestContext) => Readonly<Record<string, string>>
}

async function serve(req: IncomingMessage, res: ServerResponse, pipeline: Pipeline): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase()
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`)
  const path = safeDecode(url.pathname)
  const lookup = pipeline.router.lookup(method, url.pathname)
  const route = lookup.kind === 'found' ? lookup.key : `${method} (unmatched)`
  const ctx = createContext(req, res, url, route, lookup.kind === 'found' ? lookup.params : {})
  const fault = pipeline.faults.take({ method, path, route })
  const entry = pipeline.requests.record({ method, path, route, query: url.search.replace(/^\?/, ''), ...(fault ? { fault: fault.kind } : {}) })
  res.on('finish', () => {
    entry.status = res.statusCode
  })

  const handle = async (): Promise<HandlerResult> => {
    if (lookup.kind === 'none') return pipeline.pages.notFound(ctx)
    if (lookup.kind === 'wrong_method') return pipeline.pages.methodNotAllowed(ctx, lookup.allowed)
    try {
      return await lookup.handler(ctx)
    } catch (error) {
      if (error instanceof BodyTooLargeError) return pipeline.pages.payloadTooLarge(ctx)
      entry.error = error instanceof Error ? error.message : String(error)
      return pipeline.pages.internalError(ctx, error)
    }
  }

  const result = fault === undefined ? await handle() : await withFault(fault, ctx, handle, pipeline, entry)
  if (result !== undefined && result !== STREAMED) send(res, result, pipeline.headers?.(ctx))
}

/** Undefined: nothing is to be sent (the request is held or the socket is gone). */
async function withFault(
  fault: FaultRule,
  ctx: RequestContext,
  handle: () => Promise<HandlerResult>,
  pipeline: Pipeline,
  entry: LoggedRequest
): Promise<HandlerResult | undefined> {
  switch (fault.kind) {
    case 'latency':
      // A server finishes what it received even if the client stopped waiting: a slow submission
      // the client timed out on still lands, which is exactly the case clients must survive.
      await delay(fault.ms ?? 1000, pipeline.timers)
      return handle()
    case 'timeout':
      // Hold the request open; the client's timeout or the server's close() ends it.
      return undefined
    case 'reset':
      ctx.req.socket.destroy()
      return undefined
    case 'html500': {
      const status = fault.status ?? 500
      return htmlReply(status, nginxErrorPage(status), { Server: 'nginx' })
    }
    case 'status429': {
      const retryAfter = fault.retryAfter ?? 1
      const page = pipeline.pages.rateLimited(ctx, retryAfter)
      return { ...page, headers: { ...page.headers, 'Retry-After': String(retryAfter) } }
    }
    case 'malformedJson': {
      const real = await handle()
      if (real === STREAMED) return real
      const body = real.body ?? ''
      entry.error = `answer truncated from ${body.length} characters`
      return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: body.length > 1 ? body.slice(0, Math.floor(body.length / 2)) : '{' }
    }
    case 'applyThen504': {
      const real = await handle()
      if (real === STREAMED) return real
      return pipeline.pages.gatewayTimeout(ctx)
    }
  }
}

function send(res: ServerResponse, reply: HttpReply, extra: Readonly<Record<string, string>> | undefined): void {
  if (res.destroyed || res.headersSent) return
  const body = reply.body ?? ''
  res.writeHead(reply.status, { ...extra, ...reply.headers, 'Content-Length': String(Buffer.byteLength(body)) })
  res.end(body)
}

function delay(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      resolve()
    }, ms)
    timers.add(timer)
  })
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}
