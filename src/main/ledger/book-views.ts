// Book totals as the contract carries them: counts as numbers, amounts as exact 7-decimal text.
import { BOOK_CLASSES, BOOK_DIRECTIONS, type BookClass, type BookTallyView, type BookTotalsView } from '../../shared/contract/books'
import { formatPi } from '../../shared/money'
import type { BookTotals } from './books'

export function bookTotalsView(totals: BookTotals): BookTotalsView {
  const direction = (book: BookTotals['received']) =>
    Object.fromEntries(
      BOOK_CLASSES.map((name) => [name, { count: book[name].count, amount: formatPi(book[name].amount) } satisfies BookTallyView])
    ) as Record<BookClass, BookTallyView>
  return Object.fromEntries(BOOK_DIRECTIONS.map((name) => [name, direction(totals[name])])) as BookTotalsView
}
