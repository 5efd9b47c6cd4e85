// A tiny loopback HTTP server for client-behaviour tests: it records every request it receives and
// answers with whatever the test scripts (HTML error pages, malformed JSON, silence, 429s).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

export interface RecordedRequest {
  readonly method: string
  readonly url: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: IncomingMessage['headers']
  readonly body: string
}

export type Handler = (request: RecordedRequest, response: ServerResponse, index: number) => void

export interface TestServer {
  readonly url: string
  readonly requests: RecordedRequest[]
  /** Replace the handler; `index` counts requests since the server started. */
  handle(handler: Handler): void
  close(): Promise<void>
}

export async function startTestServer(handler: Handler = (_req, res) => res.end()): Promise<TestServer> {
  let current = handler
  const requests: RecordedRequest[] = []
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8')
      }
      requests.push(recorded)
      current(recorded, res, requests.length - 1)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    handle(next) {
      current = next
    },
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    }
  }
}

export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  response.end(typeof body === 'string' ? body : JSON.stringify(body))
}

export function html(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'Content-Type': 'text/html' })
  response.end(`<html><head><title>${status}</title></head><body><h1>${status} Bad Gateway</h1><hr>nginx</body></html>`)
}

/** Never answers: the client's timeout has to fire. */
export function hang(): void {}

/** Cuts the connection without an answer. */
export function drop(response: ServerResponse): void {
  response.socket?.destroy()
}

/** A port nothing listens on. */
export async function closedPortUrl(): Promise<string> {
  const server = await startTestServer()
  const url = server.url
  await server.close()
  return url
}

/** Records the waits a client asks for instead of waiting. */
export function recordingSleep(): { readonly delays: number[]; readonly sleep: (ms: number) => Promise<void> } {
  const delays: number[] = []
  return { delays, sleep: async (ms) => void delays.push(ms) }
}
