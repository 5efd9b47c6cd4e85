// Invoice ids and memos. An id is unguessable (its status page is public); a memo fits Stellar's
// 28-byte text memo, reads well aloud at a counter, and can never be mistaken for a Pi payment
// identifier (28 base62), which the sync would look up on Pi as a Pi payment instead.
import { randomBytes } from 'node:crypto'
import { UserFacingError } from '../../shared/errors'
import { isPaymentIdentifier } from '../../shared/payments'
import { MAX_INVOICE_MEMO_BYTES } from '../../shared/contract/invoices'

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
// Crockford's base32: no I, L, O or U, so a memo read out or typed by hand stays unambiguous.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

export const INVOICE_ID_PATTERN = /^inv_[1-9A-HJ-NP-Za-km-z]{20}$/
export const INVOICE_MEMO_PREFIX = 'md-'

/** `count` characters of `alphabet`, each uniform (rejection sampling: no modulo bias). */
function randomText(alphabet: string, count: number, random: (size: number) => Uint8Array): string {
  const limit = 256 - (256 % alphabet.length)
  let text = ''
  while (text.length < count) {
    for (const byte of random(count * 2)) {
      if (byte < limit && text.length < count) text += alphabet[byte % alphabet.length]
    }
  }
  return text
}

export function newInvoiceId(random: (size: number) => Uint8Array = randomBytes): string {
  return `inv_${randomText(BASE58, 20, random)}`
}

/** `md-` + 10 Crockford base32 characters: 13 bytes, 50 random bits. */
export function newInvoiceMemo(random: (size: number) => Uint8Array = randomBytes): string {
  return `${INVOICE_MEMO_PREFIX}${randomText(CROCKFORD, 10, random)}`
}

export function isInvoiceId(value: unknown): value is string {
  return typeof value === 'string' && INVOICE_ID_PATTERN.test(value)
}

/** A memo the shop chose, checked; refused with a sentence that says what fits. */
export function checkShopMemo(memo: string): string {
  if (memo.length === 0) throw memoRefused('The memo is empty: leave it out to get one made for you, or type 1 to 28 letters, digits or signs.')
  if (!/^[\x20-\x7e]+$/.test(memo)) {
    throw memoRefused('A memo may hold only printable ASCII (letters, digits, spaces and signs, no accents or emoji), because wallets type it by hand.')
  }
  const bytes = Buffer.byteLength(memo, 'utf8')
  if (bytes > MAX_INVOICE_MEMO_BYTES) throw memoRefused(`A memo is at most ${MAX_INVOICE_MEMO_BYTES} bytes (Stellar's text memo); this one has ${bytes}.`)
  if (isPaymentIdentifier(memo)) {
    throw memoRefused('A memo of 28 letters and digits looks like a Pi payment identifier, and the sync would take its payment for a Pi payment: choose another.')
  }
  return memo
}

function memoRefused(sentence: string): UserFacingError {
  return new UserFacingError('invalid_memo', `${sentence} Nothing was saved.`)
}

export function memoTaken(memo: string): UserFacingError {
  return new UserFacingError('memo_taken', `Another invoice on this network already has the memo ${JSON.stringify(memo)}: a payment could not tell them apart. Choose another memo. Nothing was saved.`)
}
