import { UserFacingError } from '../shared/errors'

export function parseNonNegativeInt(text: string, option: string): number {
  if (!/^\d{1,9}$/.test(text)) {
    throw new UserFacingError('invalid_option', `${option} takes a whole number such as 0 or 100, not "${text}".`)
  }
  return Number(text)
}
