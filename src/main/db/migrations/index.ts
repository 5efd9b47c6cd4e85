// Every migration this build knows, in the order they run. Listed by hand, not found by
// scanning a folder: a bundled app has no folder to scan. Append only; never reorder or edit.
import { migration0001Initial } from './0001_initial'
import { migration0002PayoutJournalAndSecrets } from './0002_payout_journal_and_secrets'
import { migration0003Reconciliation } from './0003_reconciliation'
import { migration0004Books } from './0004_books'
import { migration0005PaymentReviews } from './0005_payment_reviews'
import { migration0006PeopleAndApprovals } from './0006_people_and_approvals'
import { migration0007Invoices } from './0007_invoices'
import { migration0008Postbacks } from './0008_postbacks'
import type { Migration } from './migration'

export type { Migration } from './migration'

export const MIGRATIONS: readonly Migration[] = [
  migration0001Initial,
  migration0002PayoutJournalAndSecrets,
  migration0003Reconciliation,
  migration0004Books,
  migration0005PaymentReviews,
  migration0006PeopleAndApprovals,
  migration0007Invoices,
  migration0008Postbacks
]

/** Written to `PRAGMA user_version`, so a newer database is recognised from its header alone. */
export const SCHEMA_VERSION = MIGRATIONS.length
