// Every migration this build knows, in the order they run. Listed by hand, not found by
// scanning a folder: a bundled app has no folder to scan. Append only; never reorder or edit.
import { migration0001Initial } from './0001_initial'
import type { Migration } from './migration'

export type { Migration } from './migration'

export const MIGRATIONS: readonly Migration[] = [migration0001Initial]

/** Written to `PRAGMA user_version`, so a newer database is recognised from its header alone. */
export const SCHEMA_VERSION = MIGRATIONS.length
