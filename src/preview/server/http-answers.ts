// How the preview server answers: security headers on every response, and transport failures in
// the same `{ ok: false, error: { code, message } }` envelope the router uses.
import type { ServerResponse } from 'node:http'
import { fail, type Envelope } from '../../shared/contract/envelope'

/** The same policy as the renderer's meta tag, plus what only a header can say (frame-ancestors). */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'"
].join('; ')

const DATA_CSP = "default-src 'none'; frame-ancestors 'none'"

/** No Access-Control-* header, ever: other origins get nothing they could read. */
export function setSecurityHeaders(res: ServerResponse, kind: 'page' | 'data'): void {
  res.setHeader('Content-Security-Policy', kind === 'page' ? PAGE_CSP : DATA_CSP)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
  res.setHeader('Cache-Control', 'no-store')
}

export function sendEnvelope(res: ServerResponse, status: number, envelope: Envelope<unknown>): void {
  let body: string
  try {
    body = JSON.stringify(envelope)
  } catch (error) {
    // The contract's results are plain data (money as decimal strings). A bigint or a cycle here is
    // a handler bug that Electron's structured clone would hide; say so loudly in the terminal.
    console.error(`preview bridge: an answer could not be sent as JSON (${String(error)})`)
    status = 500
    body = JSON.stringify(fail('internal_error', 'Something went wrong inside Merchant Desk. Nothing was changed; try again.'))
  }
  setSecurityHeaders(res, 'data')
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}

export function sendRefusal(res: ServerResponse, status: number, code: string, message: string): void {
  // Refusals close the connection: whatever body the client is still sending is not wanted.
  res.setHeader('Connection', 'close')
  sendEnvelope(res, status, fail(code, message))
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  setSecurityHeaders(res, 'data')
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}
