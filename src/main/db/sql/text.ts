// Text tests the query builder cannot say the same way on every engine. SQLite has no
// `position`/`strpos`; PostgreSQL has no `instr`.
import { sql, type RawBuilder } from 'kysely'
import { isPostgres, type SqlDialectSource } from '../engine-kind'

/** True when `column` holds `needle` anywhere (case-sensitive, no pattern characters). */
export function containsText(engine: SqlDialectSource, column: string, needle: string): RawBuilder<boolean> {
  return isPostgres(engine)
    ? sql<boolean>`strpos(${sql.ref(column)}, ${needle}) > 0`
    : sql<boolean>`instr(${sql.ref(column)}, ${needle}) > 0`
}
