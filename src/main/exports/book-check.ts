// The manifest's book totals re-derived from the file alone: each row's direction, chain_check and
// status give its class (the ledger's own rule, bookClassOf), its gross gives the amount. So an
// accountant can check that "moved on chain" in the manifest is what the rows say.
import { BOOK_CLASS_LABELS, BOOK_CLASSES, BOOK_DIRECTIONS, type BookClass, type BookDirection } from '../../shared/contract/books'
import { formatPi, type Stroops } from '../../shared/money'
import { bookClassOf } from '../ledger'
import { parseExportAmount } from './export-amounts'
import type { ExportManifest } from './manifest'

type Sums = Record<BookDirection, Record<BookClass, { count: number; amount: Stroops }>>

export interface BookCheck {
  add(record: readonly string[]): void
  problems(): string[]
}

/** Null when the manifest states no book totals (another report, or an older manifest). */
export function bookCheck(manifest: ExportManifest, header: readonly string[]): BookCheck | null {
  const expected = manifest.bookTotals
  if (expected === undefined) return null
  const [direction, chainCheck, status, gross] = ['direction', 'chain_check', 'status', 'gross'].map((name) => header.indexOf(name))
  const sums = Object.fromEntries(
    BOOK_DIRECTIONS.map((name) => [name, Object.fromEntries(BOOK_CLASSES.map((book) => [book, { count: 0, amount: 0n }]))])
  ) as Sums
  let unreadable = 0
  return {
    add(record) {
      const amount = gross === undefined || gross < 0 ? null : parseExportAmount(record[gross] ?? '')
      const side = record[direction ?? -1]
      if (amount === null || (side !== 'user_to_app' && side !== 'app_to_user')) {
        unreadable += 1
        return
      }
      const book = bookClassOf({ chainCheck: record[chainCheck ?? -1] ?? '', status: record[status ?? -1] ?? '' })
      const tally = sums[side === 'user_to_app' ? 'received' : 'paidOut'][book]
      tally.count += 1
      tally.amount += amount < 0n ? -amount : amount
    },
    problems() {
      const found: string[] = []
      if (unreadable > 0) found.push(`${unreadable} rows have no direction or gross to count for the book totals.`)
      for (const side of BOOK_DIRECTIONS) {
        for (const book of BOOK_CLASSES) {
          const want = expected[side][book]
          const have = sums[side][book]
          if (have.count !== want.count || formatPi(have.amount) !== want.amount) {
            found.push(
              `${side === 'received' ? 'Received' : 'Paid out'}, ${BOOK_CLASS_LABELS[book].toLowerCase()}: the rows add up to ` +
                `${have.count} for ${formatPi(have.amount)} Pi, but the manifest says ${want.count} for ${want.amount} Pi.`
            )
          }
        }
      }
      return found
    }
  }
}
