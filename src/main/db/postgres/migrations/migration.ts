// What a PostgreSQL schema migration is: the twin of the SQLite migration of the same name
// (src/main/db/migrations), creating in PostgreSQL what that one creates in SQLite. Frozen once
// released, like the SQLite ones.

export interface PostgresMigration {
  /** The same name as its SQLite twin; recorded in `schema_migrations`. */
  readonly name: string
  /** Run in order inside the runner's one transaction. */
  readonly statements: readonly string[]
}
