// A team's ledger on PostgreSQL: where it is, how it opens, how its writes queue.
export { isPostgresLocation, parsePostgresLocation, type PostgresLocation } from './location'
export { openPostgresLedger, type OpenPostgresOptions } from './open'
export { POSTGRES_MIGRATIONS, type PostgresMigration } from './migrations'
