// Placeholder until the PostgreSQL schema lands (helper "schema" replaces this file).
import type { PostgresMigration } from './migration'

export type { PostgresMigration } from './migration'
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = []
