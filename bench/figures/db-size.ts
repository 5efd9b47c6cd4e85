// Figure 8, database size: bytes on disk per payment of the shared ledger, and what takes them,
// read from SQLite's dbstat virtual table (every page of the file, attributed to the table or
// index that owns it). The ledger holds nothing but payments (no chain history, no audit log),
// so every byte is the payments' cost: their rows, the ten ledger indexes, the search index
// (FTS5: its copy of the searchable text and its term index) and the dashboard's running totals.
//
// Each line is one part in bytes per payment, against the whole file's bytes per payment (the
// ratio is its share). The first line is the whole file against the payments table alone: what the
// indexes and derived tables multiply the rows by.
import SqliteDatabase from 'better-sqlite3'
import type { Figure } from '../harness/context'
import { line, type FigureLine } from '../harness/measure'

/** The parts a page belongs to, by its owner's name; the first match wins. */
const PARTS: readonly (readonly [string, (name: string) => boolean])[] = [
  ['payments table (the rows)', (name) => name === 'payments'],
  ['primary key (identifier)', (name) => name === 'sqlite_autoindex_payments_1'],
  ['ledger indexes (payments_by_*, partial indexes)', (name) => name.startsWith('payments_by_') || name === 'payments_with_refunds' || name === 'payments_to_repoll'],
  ['search index (FTS5 payments_search: content copy + terms)', (name) => name.startsWith('payments_search')],
  ['dashboard and book totals (payment_totals, book_totals)', (name) => name === 'payment_totals' || name === 'book_totals'],
  ['everything else (schema, empty tables)', () => true]
]

interface PageUse {
  readonly name: string
  readonly bytes: bigint
  readonly unused: bigint
}

export const dbSizeFigure: Figure = {
  name: 'db-size',
  sqliteOnly: "bytes per payment are read from SQLite's dbstat (pages of the file); PostgreSQL's relation sizes are another measure",
  describe: 'database bytes per payment, and what takes them (dbstat: tables, indexes, search index, totals)',
  run(context) {
    const ledger = context.ledger()
    const sqlite = new SqliteDatabase(ledger.path, { readonly: true })
    sqlite.defaultSafeIntegers(true)
    try {
      const pages = sqlite
        .prepare('SELECT name, sum(pgsize) AS bytes, sum(unused) AS unused FROM dbstat GROUP BY name')
        .all() as PageUse[]
      const perPayment = (bytes: bigint) => Number(bytes) / ledger.payments
      const total = pages.reduce((sum, page) => sum + page.bytes, 0n)
      const unused = pages.reduce((sum, page) => sum + page.unused, 0n)
      const parts = new Map<string, { bytes: bigint; names: string[] }>(PARTS.map(([part]) => [part, { bytes: 0n, names: [] }]))
      for (const page of pages) {
        const part = PARTS.find(([, owns]) => owns(page.name))?.[0] as string
        const known = parts.get(part) as { bytes: bigint; names: string[] }
        known.bytes += page.bytes
        if (page.bytes > 0n) known.names.push(`${page.name} ${perPayment(page.bytes).toFixed(0)}`)
      }
      const rows = parts.get(PARTS[0]?.[0] as string)?.bytes ?? 1n
      const common = { figure: 'db-size', unit: 'bytes/payment', payments: ledger.payments }
      const lines: FigureLine[] = [
        line({
          ...common,
          metric: 'database bytes per payment (whole file vs the payments table alone)',
          value: perPayment(total),
          baseline: perPayment(rows),
          note: `${(Number(total) / 1e6).toFixed(1)} MB file; ${((100 * Number(unused)) / Number(total)).toFixed(1)} % of it free space inside pages`
        }),
        ...[...parts].map(([part, use]) =>
          line({
            ...common,
            metric: `bytes per payment: ${part}`,
            value: perPayment(use.bytes),
            baseline: perPayment(total),
            note: use.names.sort((a, b) => Number(b.split(' ').at(-1)) - Number(a.split(' ').at(-1))).slice(0, 12).join(', ')
          })
        )
      ]
      context.log(`db-size: ${perPayment(total).toFixed(0)} bytes per payment (${(Number(total) / 1e6).toFixed(0)} MB)`)
      return Promise.resolve(lines)
    } finally {
      sqlite.close()
    }
  }
}
