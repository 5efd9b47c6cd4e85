// What the `postgres` project runs when this machine has no PostgreSQL (vitest.config.ts): one
// skipped test that says so, instead of a run that fails for a developer who only works on SQLite.
import { it } from 'vitest'

it.skip("runs the ledger's suites on PostgreSQL once Debian's postgresql is installed", () => undefined)
