// Reads a request body with a hard size limit, so one request cannot make the server buffer an
// unbounded amount of memory.
import type { IncomingMessage } from 'node:http'

export type BodyResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: 'too_large' | 'aborted' }

export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false, reason: 'too_large' })

  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const settle = (result: BodyResult) => {
      if (settled) return
      settled = true
      req.off('data', onData)
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        chunks.length = 0
        settle({ ok: false, reason: 'too_large' })
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.once('end', () => settle({ ok: true, text: Buffer.concat(chunks).toString('utf8') }))
    req.once('error', () => settle({ ok: false, reason: 'aborted' }))
    req.once('close', () => settle({ ok: false, reason: 'aborted' }))
  })
}
