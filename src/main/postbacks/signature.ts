// The postback signature: the shop's backend can tell that a POST comes from this desk, carries
// the body the desk wrote, and is not an old one played again. The secret is shared out of band
// (MERCHANT_DESK_POSTBACK_SECRET on both sides) and never sent.
//
// Each POST carries:
//   Content-Type: application/json
//   X-Merchant-Desk-Delivery: <postback id>          (the same on every retry: dedupe on it)
//   X-Merchant-Desk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
//
// How a receiver verifies it (verifyPostbackSignature below does exactly this):
//   1. Read the body as the raw bytes received, BEFORE any JSON parsing (re-serialising changes it).
//   2. Split the header on ",": take `t` (digits) and every `v1` value.
//   3. Refuse when |now - t| > 300 seconds (a replayed old POST).
//   4. expected = hex(HMAC-SHA256(key = secret, message = t + "." + body)), UTF-8.
//   5. Compare expected with each v1 in constant time (crypto.timingSafeEqual); accept on a match.
//   6. Answer 2xx only once the event is stored; anything else (or no answer in 10 s) is retried
//      with backoff for three days, so the same delivery id may arrive more than once.
//   In Node:
//     const [t, v1] = ['t', 'v1'].map((k) => header.split(',').find((p) => p.startsWith(`${k}=`))?.slice(k.length + 1))
//     const ok = Math.abs(Date.now() / 1000 - Number(t)) <= 300 &&
//       timingSafeEqual(Buffer.from(createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex')), Buffer.from(v1))
//       (check the two lengths are equal first: timingSafeEqual throws otherwise)
import { createHmac, timingSafeEqual } from 'node:crypto'

export const SIGNATURE_HEADER = 'X-Merchant-Desk-Signature'
export const DELIVERY_HEADER = 'X-Merchant-Desk-Delivery'
/** How old a signature a receiver accepts, by default (either way, for clocks a little apart). */
export const SIGNATURE_TOLERANCE_SECONDS = 300

/** The hex HMAC-SHA256 of "<t>.<body>" under the secret. */
export function postbackDigest(secret: string, unixSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex')
}

/** The header's value for a body sent at `at`. */
export function signatureHeaderValue(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000)
  return `t=${t},v1=${postbackDigest(secret, t, body)}`
}

export type SignatureCheck =
  | { readonly ok: true; readonly timestamp: number }
  | { readonly ok: false; readonly reason: 'malformed' | 'too_old' | 'mismatch' }

/** The receiver's check (the recipe above), for shops that run Node and for the tests. */
export function verifyPostbackSignature(
  secret: string,
  header: string | undefined,
  rawBody: string,
  now: Date = new Date(),
  toleranceSeconds: number = SIGNATURE_TOLERANCE_SECONDS
): SignatureCheck {
  if (header === undefined) return { ok: false, reason: 'malformed' }
  const parts = header.split(',').map((part) => part.trim())
  const t = parts.find((part) => part.startsWith('t='))?.slice(2)
  const given = parts.filter((part) => part.startsWith('v1=')).map((part) => part.slice(3))
  if (t === undefined || !/^\d{1,12}$/.test(t) || given.length === 0) return { ok: false, reason: 'malformed' }
  const timestamp = Number(t)
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: 'too_old' }
  const expected = Buffer.from(postbackDigest(secret, timestamp, rawBody), 'utf8')
  const matches = given.some((value) => {
    const candidate = Buffer.from(value, 'utf8')
    return candidate.length === expected.length && timingSafeEqual(candidate, expected)
  })
  return matches ? { ok: true, timestamp } : { ok: false, reason: 'mismatch' }
}
