// Invariant: only the preview page this server itself served may drive the router. Every bridge
// request must (1) name this server's exact loopback host:port in Host (defeats DNS rebinding),
// (2) carry no Origin or exactly this server's origin, (3) not be a cross-site fetch, and (4)
// present the session token, compared in constant time. Pure functions over request facts.
import { createHash, timingSafeEqual } from 'node:crypto'

export interface ServerIdentity {
  /** e.g. "127.0.0.1:5180" */
  readonly hostPort: string
  /** e.g. "http://127.0.0.1:5180" */
  readonly origin: string
}

export interface RequestFacts {
  readonly host: string | undefined
  readonly origin: string | undefined
  readonly secFetchSite: string | undefined
}

export type Refusal = { readonly status: 401 | 403; readonly reason: string }

export function identityOf(host: string, port: number): ServerIdentity {
  return { hostPort: `${host}:${port}`, origin: `http://${host}:${port}` }
}

/** Checks every request must pass, static files included: index.html carries the token. */
export function checkPlace(facts: RequestFacts, self: ServerIdentity): Refusal | null {
  if (facts.host === undefined || facts.host.toLowerCase() !== self.hostPort) {
    return { status: 403, reason: 'host' }
  }
  if (facts.origin !== undefined && facts.origin !== self.origin) return { status: 403, reason: 'origin' }
  return null
}

/**
 * Bridge calls come only from our page's own scripts: a browser that labels the request as
 * coming from another site (even another port on this machine) is refused. Absent (non-browser
 * clients, older browsers) is left to the Origin and token checks.
 */
export function checkSameOriginFetch(facts: RequestFacts): Refusal | null {
  if (facts.secFetchSite === undefined || facts.secFetchSite === 'same-origin') return null
  return { status: 403, reason: 'fetch-site' }
}

export function tokensMatch(presented: string | null | undefined, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0) return false
  // Hash both sides first: equal lengths for timingSafeEqual, and no early exit on length.
  const a = createHash('sha256').update(presented, 'utf8').digest()
  const b = createHash('sha256').update(expected, 'utf8').digest()
  return timingSafeEqual(a, b)
}

export function checkToken(presented: string | null | undefined, expected: string): Refusal | null {
  return tokensMatch(presented, expected) ? null : { status: 401, reason: 'token' }
}
