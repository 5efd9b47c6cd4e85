// Identifiers shaped like Pi's: payment ids are 28 base62 characters (they must fit a Stellar text
// memo, 28 bytes), user uids look like UUIDs, access tokens are opaque. The random source is
// injected so the dataset generator can draw them from its seeded PRNG and stay reproducible.
import { randomInt } from 'node:crypto'

/** Returns an integer in [0, bound). */
export type RandomIntSource = (bound: number) => number

export const cryptoRandomInt: RandomIntSource = (bound) => randomInt(bound)

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const HEX = '0123456789abcdef'
const TOKEN_ALPHABET = BASE62 + '-_'

export const PAYMENT_IDENTIFIER_LENGTH = 28
const PAYMENT_IDENTIFIER_PATTERN = /^[0-9A-Za-z]{28}$/

function draw(alphabet: string, length: number, random: RandomIntSource): string {
  // One flat string (repeated += would keep a tree of `length` pieces alive per identifier).
  const chars = new Array<string>(length)
  for (let i = 0; i < length; i++) chars[i] = alphabet.charAt(random(alphabet.length))
  return chars.join('')
}

export function newPaymentIdentifier(random: RandomIntSource = cryptoRandomInt): string {
  return draw(BASE62, PAYMENT_IDENTIFIER_LENGTH, random)
}

export function isPaymentIdentifier(value: string): boolean {
  return PAYMENT_IDENTIFIER_PATTERN.test(value)
}

/** A UUID-v4-shaped app-local user id. */
export function newUserUid(random: RandomIntSource = cryptoRandomInt): string {
  const hex = draw(HEX, 32, random)
  const variant = HEX.charAt(8 + random(4))
  return [hex.slice(0, 8), hex.slice(8, 12), `4${hex.slice(13, 16)}`, variant + hex.slice(17, 20), hex.slice(20, 32)].join('-')
}

export function newAccessToken(random: RandomIntSource = cryptoRandomInt): string {
  return draw(TOKEN_ALPHABET, 43, random)
}

export function newApiKey(random: RandomIntSource = cryptoRandomInt): string {
  return draw('0123456789abcdefghijklmnopqrstuvwxyz', 64, random)
}

const TXID_PATTERN = /^[0-9a-f]{64}$/

export function isTxid(value: string): boolean {
  return TXID_PATTERN.test(value)
}
