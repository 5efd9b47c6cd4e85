// What a PostgreSQL schema migration is: the twin of a SQLite migration (../../migrations), with
// the same name, creating in PostgreSQL what its twin creates in SQLite, so a ledger has the
// same tables, columns, constraints and triggers on either engine.

export interface PostgresMigration {
  /** The SQLite twin's `NNNN_what_it_does`; recorded in `schema_migrations`, so it never changes either. */
  readonly name: string
  /**
   * Run in order inside the runner's one transaction (which also records the name), so a
   * migration lands whole or not at all. FROZEN once released, like the SQLite ones: ledgers in
   * the field already ran these statements; a change is a new migration at the end of the list.
   */
  readonly statements: readonly string[]
}
