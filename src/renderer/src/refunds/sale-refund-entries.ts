// The refunds of one sale come from two places: the payout journal (refunds this app is paying or
// paid, with their journal state) and the ledger (refund payments seen at Pi or on chain, also the
// ones another tool made). A journal refund that reached Pi is in both, under its Pi payment id;
// it is shown once, with the journal's richer state.
import type { PaymentRowView, PayoutView } from '../../../shared/contract'

export type SaleRefundEntry =
  | { readonly source: 'journal'; readonly key: string; readonly at: string; readonly payout: PayoutView }
  | { readonly source: 'ledger'; readonly key: string; readonly at: string; readonly row: PaymentRowView }

/** Oldest first, each refund once. */
export function saleRefundEntries(journal: readonly PayoutView[], ledger: readonly PaymentRowView[]): SaleRefundEntry[] {
  const inJournal = new Set(journal.flatMap((payout) => (payout.piPaymentId === null ? [] : [payout.piPaymentId])))
  const entries: SaleRefundEntry[] = [
    ...journal.map((payout): SaleRefundEntry => ({ source: 'journal', key: `payout-${payout.id}`, at: payout.createdAt, payout })),
    ...ledger
      .filter((row) => !inJournal.has(row.identifier))
      .map((row): SaleRefundEntry => ({ source: 'ledger', key: `payment-${row.identifier}`, at: row.createdAt, row }))
  ]
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
}
