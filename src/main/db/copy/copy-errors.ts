// Why a copy was refused, in words a person can act on. Nothing was written in either case.
import { UserFacingError } from '../../../shared/errors'

export function copyTargetNotEmpty(target: string, rows: ReadonlyMap<string, bigint>): UserFacingError {
  const held = [...rows].map(([table, count]) => `${count} ${table}`).join(', ')
  return new UserFacingError(
    'copy_target_not_empty',
    `The ledger at ${target} already holds books (${held}), and a copy never writes over books, so nothing was copied. ` +
      'Give --to a new file, or an empty PostgreSQL database (or a new ?schema=NAME in it).',
    { target }
  )
}

export function copyOntoItself(path: string): UserFacingError {
  return new UserFacingError(
    'copy_same_ledger',
    '--from and --to name the same ledger, so nothing was copied. Give --to a new file or an empty PostgreSQL database.',
    { path }
  )
}
