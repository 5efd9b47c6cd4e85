// Server-sent events (text/event-stream), the framing EventSource clients parse: optional
// `retry:`, `id:`, `event:` lines, then `data:` and a blank line.
import type { RequestContext } from './context'

export interface ServerEvent {
  readonly data: string
  readonly id?: string
  readonly event?: string
  readonly retry?: number
}

export interface EventStream {
  send(event: ServerEvent): void
  readonly closed: boolean
  close(): void
}

export function openEventStream(ctx: RequestContext, headers: Readonly<Record<string, string>> = {}): EventStream {
  const { res } = ctx
  let closed = false
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    ...headers
  })
  res.flushHeaders()
  ctx.onClose(() => {
    closed = true
  })
  return {
    get closed() {
      return closed || res.destroyed
    },
    send(event) {
      if (closed || res.destroyed) return
      let frame = ''
      if (event.retry !== undefined) frame += `retry: ${event.retry}\n`
      if (event.id !== undefined) frame += `id: ${event.id}\n`
      if (event.event !== undefined) frame += `event: ${event.event}\n`
      for (const line of event.data.split('\n')) frame += `data: ${line}\n`
      res.write(`${frame}\n`)
    },
    close() {
      if (closed) return
      closed = true
      res.end()
    }
  }
}
