// Where a postback may go: an http or https address, nothing else (no file:, javascript:, ftp:),
// stored as the URL parser writes it back, so the database's CHECK and the deliverer see one form.
import { UserFacingError } from '../../shared/errors'

const MAX_URL = 2048

/** The address, normalised; null when it is not one a postback may be sent to. */
export function normalisedPostbackUrl(text: string): string | null {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (url.hostname === '') return null
  const href = url.href
  return href.length <= MAX_URL ? href : null
}

/** The same, refusing in words. */
export function checkPostbackUrl(text: string): string {
  const url = normalisedPostbackUrl(text)
  if (url === null) {
    throw new UserFacingError(
      'invalid_postback_url',
      `"${text.slice(0, 80)}" is not a postback address: give the full http:// or https:// address of the shop's backend (at most ${MAX_URL} characters). Nothing was saved.`
    )
  }
  return url
}
