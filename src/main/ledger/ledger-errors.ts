// What the ledger refuses, in the merchant's words.
import { UserFacingError } from '../../shared/errors'

export const LEDGER_ERROR_CODES = ['invalid_cursor', 'invalid_ledger_query', 'search_too_broad'] as const
export type LedgerErrorCode = (typeof LEDGER_ERROR_CODES)[number]

export function cursorDamaged(): UserFacingError {
  return new UserFacingError(
    'invalid_cursor',
    'This page link is not valid: it was changed, or it comes from an earlier session. Start again from the first page.'
  )
}

export function cursorFromAnotherQuery(): UserFacingError {
  return new UserFacingError(
    'invalid_cursor',
    'This page link belongs to another filter or sort order. Start again from the first page.'
  )
}

export function invalidLedgerQuery(message: string): UserFacingError {
  return new UserFacingError('invalid_ledger_query', message)
}

export function searchTooBroad(search: string, limit: number): UserFacingError {
  const shown = search.length > 40 ? `${search.slice(0, 37)}...` : search
  return new UserFacingError(
    'search_too_broad',
    `More than ${limit.toLocaleString('en-US')} payments match "${shown}". Add another word, or more of the id, to narrow the search.`,
    { search: shown }
  )
}
