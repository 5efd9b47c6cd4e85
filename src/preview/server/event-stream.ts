// Forwards every event main pushes to the preview page as server-sent events, the browser
// counterpart of the Electron adapter's webContents.send.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EventBus } from '../../main/ipc'
import { setSecurityHeaders } from './http-answers'

/** Proxies and idle timeouts drop silent connections; a comment line keeps this one open. */
const KEEP_ALIVE_MS = 20_000

export interface EventStreams {
  open(req: IncomingMessage, res: ServerResponse): void
  closeAll(): void
}

export function createEventStreams(events: Pick<EventBus, 'onAny'>): EventStreams {
  const open = new Set<ServerResponse>()
  return {
    open(req, res) {
      setSecurityHeaders(res, 'data')
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no'
      })
      res.write('retry: 2000\n: connected\n\n')
      open.add(res)
      const unsubscribe = events.onAny((event, payload) => {
        // Event names come from the contract's fixed list: no newline can sneak into the frame.
        let data: string
        try {
          data = JSON.stringify(payload)
        } catch {
          return
        }
        res.write(`event: ${event}\ndata: ${data}\n\n`)
      })
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS)
      keepAlive.unref()
      const stop = () => {
        clearInterval(keepAlive)
        unsubscribe()
        open.delete(res)
      }
      req.once('close', stop)
      res.once('close', stop)
    },
    closeAll() {
      for (const res of open) res.end()
      open.clear()
    }
  }
}
