// Text tests the query builder cannot say the same way on every engine. SQLite has no
// `position`/`strpos`; PostgreSQL has no `instr`.
import { sql, type RawBuilder } from 'kysely'

/** True when `column` holds `needle` anywhere (case-sensitive, no pattern characters). */
export function containsText(column: string, needle: string): RawBuilder<boolean> {
  return sql<boolean>`instr(${sql.ref(column)}, ${needle}) > 0`
}
