// Who may start a payment through the gateway. Invariant: an invoice is made only for a request
// that comes from an allowed address AND carries the shop's token; both are checked before the
// body is read, so a refused request writes nothing. The token is compared in constant time (over
// fixed-length digests, so neither its content nor its length leaks through timing).
import { createHash, timingSafeEqual } from 'node:crypto'
import { BlockList, isIP } from 'node:net'
import { UserFacingError } from '../../shared/errors'

/** Where the token comes from, and how to make one, for every sentence that asks for it. */
export const GATEWAY_TOKEN_VARIABLE = 'MERCHANT_DESK_GATEWAY_TOKEN'
export const GATEWAY_ALLOW_VARIABLE = 'MERCHANT_DESK_GATEWAY_ALLOW'
/** Shorter tokens are refused: the token is all that stands between the internet and new invoices. */
export const MIN_GATEWAY_TOKEN_LENGTH = 16
/** Without a list: this machine only. */
export const LOOPBACK_ONLY: readonly string[] = ['127.0.0.0/8', '::1']

/** The shop's token as given, checked for presence and length; the sentence says how to set one. */
export function checkGatewayToken(token: string | null | undefined): string {
  const trimmed = token?.trim() ?? ''
  if (trimmed === '') {
    throw new UserFacingError(
      'gateway_token_missing',
      `The gateway needs the shop's token and none is set: set ${GATEWAY_TOKEN_VARIABLE} to a long random secret (for example the output of \`openssl rand -hex 32\`) in the environment the desk starts from, give the same token to the shop, and start the gateway again.`
    )
  }
  if (trimmed.length < MIN_GATEWAY_TOKEN_LENGTH) {
    throw new UserFacingError(
      'gateway_token_weak',
      `${GATEWAY_TOKEN_VARIABLE} is ${trimmed.length} characters long; the gateway needs at least ${MIN_GATEWAY_TOKEN_LENGTH} (for example the output of \`openssl rand -hex 32\`). Set a longer one and start the gateway again.`
    )
  }
  return trimmed
}

/** Checks an `Authorization` header against the token: `Bearer <token>`, nothing else. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '')
  // Compared even when absent, so a missing header takes as long as a wrong one.
  const given = match?.[1] ?? ''
  const same = timingSafeEqual(digest(given), digest(token))
  return match !== null && same
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

/** The addresses allowed to start payments: a list of IPs and CIDR ranges, IPv4 and IPv6. */
export interface AllowList {
  /** The entries as given (normalised), for the status and the start line. */
  readonly entries: readonly string[]
  allows(remoteAddress: string | undefined): boolean
}

/**
 * Parses `--allow` / MERCHANT_DESK_GATEWAY_ALLOW: entries separated by commas or spaces, each an
 * IP address or a CIDR range. Empty or absent: loopback only. A wrong entry refuses the whole list
 * (a typo must not open the gateway wider, or narrower, than meant).
 */
export function parseAllowList(text: string | readonly string[] | undefined | null): AllowList {
  const given = typeof text === 'string' ? text.split(/[\s,]+/) : [...(text ?? [])]
  const entries = given.map((entry) => entry.trim()).filter((entry) => entry !== '')
  const list = new BlockList()
  const normalised: string[] = []
  for (const entry of entries.length === 0 ? LOOPBACK_ONLY : entries) {
    const [address = '', prefixText, ...rest] = entry.split('/')
    const family = isIP(address)
    const prefix = prefixText === undefined ? null : Number(prefixText)
    const widest = family === 6 ? 128 : 32
    if (family === 0 || rest.length > 0 || (prefix !== null && (!/^\d{1,3}$/.test(prefixText ?? '') || prefix > widest))) {
      throw new UserFacingError(
        'gateway_allow_invalid',
        `"${entry}" is not an IP address or a CIDR range (write e.g. 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32, separated by commas). The gateway was not started.`
      )
    }
    const type = family === 6 ? 'ipv6' : 'ipv4'
    if (prefix === null) list.addAddress(address, type)
    else list.addSubnet(address, prefix, type)
    normalised.push(prefix === null ? address : `${address}/${prefix}`)
  }
  return {
    entries: normalised,
    allows(remoteAddress) {
      if (remoteAddress === undefined) return false
      // Node answers IPv4 peers of a dual-stack socket as ::ffff:a.b.c.d; BlockList matches those
      // against IPv4 ranges itself.
      const family = isIP(remoteAddress)
      if (family === 0) return false
      return list.check(remoteAddress, family === 6 ? 'ipv6' : 'ipv4')
    }
  }
}
