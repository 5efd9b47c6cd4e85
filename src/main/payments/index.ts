// Payments: the ledger's payment rows, the app wallet's chain history they are checked against,
// and our own verdict on a payment's transaction (invariant 3). The sync, the queue, payouts,
// tracking and reconciliation all read and write payments through here.
export { PaymentStore, type KnownPayment, type OperationLink, type UpsertOutcome } from './payment-store'
export { ChainFacts, type ChainReader } from './chain-facts'
export { ChainStore, paymentsStream, syncedAppWallets, syncedCursor, type ChainRowsPage, type StoredPage } from './chain-store'
export {
  chainEntryOf,
  isPagingToken,
  isSkippedRecord,
  PAGING_TOKEN,
  type ChainEntry,
  type ChainOperationRow,
  type ChainTransactionRow,
  type SkippedRecord
} from './chain-rows'
export { claimFromRow, CLAIM_COLUMNS, type PaymentClaimRow } from './claim'
export {
  bestCheck,
  verifyPaymentOnChain,
  type ChainExpectations,
  type PaymentClaim,
  type TransactionFacts,
  type TransferFact
} from './verify-on-chain'
