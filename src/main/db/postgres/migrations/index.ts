// The PostgreSQL twins of ../../migrations, in the same order and with the same names, so
// `schema_migrations` reads the same on either engine. Append only; never reorder or edit.
import { postgres0001Initial } from './0001_initial'
import { postgres0002PayoutJournalAndSecrets } from './0002_payout_journal_and_secrets'
import { postgres0003Reconciliation } from './0003_reconciliation'
import { postgres0004Books } from './0004_books'
import { postgres0005PaymentReviews } from './0005_payment_reviews'
import { postgres0006PeopleAndApprovals } from './0006_people_and_approvals'
import { postgres0007Invoices } from './0007_invoices'
import { postgres0008Postbacks } from './0008_postbacks'
import type { PostgresMigration } from './migration'

export type { PostgresMigration } from './migration'

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  postgres0001Initial,
  postgres0002PayoutJournalAndSecrets,
  postgres0003Reconciliation,
  postgres0004Books,
  postgres0005PaymentReviews,
  postgres0006PeopleAndApprovals,
  postgres0007Invoices,
  postgres0008Postbacks
]
