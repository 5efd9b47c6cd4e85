// Pi's Horizon: typed, validated reads with retries; submissions with an honest "unknown"; a live
// payments stream that reconnects.
export {
  createHorizonClient,
  DEFAULT_HORIZON_TIMEOUT_MS,
  DEFAULT_SUBMIT_TIMEOUT_MS,
  MAX_PAGE_LIMIT,
  type HorizonClient,
  type HorizonClientOptions,
  type HorizonNetworkInfo,
  type PaymentsPage
} from './client'
export type { AccountPaymentRecord } from './readers'
export type {
  AccountRecord,
  AssetRef,
  ChainOperation,
  FeeStats,
  LedgerRecord,
  MemoType,
  TransactionRecord
} from './records'
export type { MemoSearchOptions } from './memo-search'
export type { PaymentStreamOptions } from './stream'
export type { ResultCodes, SubmitOutcome, UnknownSubmitReason } from './submit'
export { HorizonError, isHorizonError } from './errors'
export { readAccountPayment, readPageRecords } from './readers'
export { createHorizonTransport, NOT_FOUND, type HorizonTransport, type HorizonTransportOptions } from './transport'
export { HORIZON_ERROR_CODES, type HorizonErrorCode, describeResultCodes, wrongNetworkSentence } from './error-messages'
