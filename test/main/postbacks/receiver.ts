// A shop's backend on loopback, as a test needs one: it receives postbacks, checks each signature
// with the shared secret (the receiver's recipe, written here from the documentation at the top of
// src/main/postbacks/signature.ts, not with the desk's own function), and answers as told: 200,
// an error status, never (a hang), or by resetting the connection. It can also be shut down.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type Answer = number | 'hang' | 'reset'

export interface ReceivedPostback {
  readonly deliveryId: string | undefined
  readonly signature: string | undefined
  readonly contentType: string | undefined
  /** The raw body, as received. */
  readonly body: string
  /** The signature's `t`. */
  readonly timestamp: number | null
  /** The receiver's own check, with its secret, at the time it was received. */
  readonly verified: boolean
  /** Another POST of the same delivery was still in flight when this one arrived. */
  readonly overlapped: boolean
}

/** The receiver's check, step by step as the recipe says; `nowSeconds` is the receiver's clock. */
export function receiverAccepts(secret: string, header: string | undefined, rawBody: string, nowSeconds: number): boolean {
  if (header === undefined) return false
  const parts = header.split(',')
  const t = parts.find((part) => part.startsWith('t='))?.slice(2)
  const signatures = parts.filter((part) => part.startsWith('v1=')).map((part) => part.slice(3))
  if (t === undefined || !/^\d+$/.test(t)) return false
  if (Math.abs(nowSeconds - Number(t)) > 300) return false
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex'))
  return signatures.some((signature) => {
    const given = Buffer.from(signature)
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
}

export interface TestReceiver {
  readonly url: string
  readonly received: ReceivedPostback[]
  /** Answers for the next POSTs, in order; once used up, `otherwise`. */
  readonly answers: Answer[]
  otherwise: Answer
  /** How long each answer waits (ms): lets two deliverers overlap. */
  delayMs: number
  /** The receiver's clock (seconds), for the timestamp check: the desk's injected clock in tests. */
  nowSeconds: () => number
  /** Stops listening: later POSTs find nobody (ECONNREFUSED). */
  shutDown(): Promise<void>
  close(): Promise<void>
}

export async function startReceiver(secret: string, path = '/postbacks', port = 0): Promise<TestReceiver> {
  const inFlight = new Map<string, number>()
  const sockets = new Set<Socket>()
  const hanging = new Set<ServerResponse>()
  const receiver: Omit<TestReceiver, 'url'> & { url: string } = {
    url: '',
    received: [],
    answers: [],
    otherwise: 200,
    delayMs: 0,
    nowSeconds: () => Date.now() / 1000,
    shutDown: () => stop(),
    close: () => stop()
  }
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const deliveryId = header(request, 'x-merchant-desk-delivery')
      const signature = header(request, 'x-merchant-desk-signature')
      const key = deliveryId ?? ''
      const overlapped = (inFlight.get(key) ?? 0) > 0
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1)
      const t = signature?.split(',').find((part) => part.startsWith('t='))?.slice(2)
      receiver.received.push({
        deliveryId,
        signature,
        contentType: header(request, 'content-type'),
        body,
        timestamp: t === undefined ? null : Number(t),
        verified: request.method === 'POST' && request.url === path && receiverAccepts(secret, signature, body, receiver.nowSeconds()),
        overlapped
      })
      const answer = receiver.answers.shift() ?? receiver.otherwise
      const done = () => inFlight.set(key, (inFlight.get(key) ?? 1) - 1)
      if (answer === 'hang') {
        hanging.add(response)
        response.on('close', done)
        return
      }
      if (answer === 'reset') {
        done()
        request.socket.destroy()
        return
      }
      setTimeout(() => {
        done()
        response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'not now')
      }, receiver.delayMs)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`
  let stopped: Promise<void> | null = null
  function stop(): Promise<void> {
    stopped ??= new Promise<void>((resolve) => {
      server.close(() => resolve())
      for (const socket of sockets) socket.destroy()
      hanging.clear()
    })
    return stopped
  }
  return receiver
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}
