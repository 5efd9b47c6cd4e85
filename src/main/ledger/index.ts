// The ledger query: keyset pages over a million payments, their count, and one payment's detail.
export { listPayments, countPayments, SEARCH_MATCH_LIMIT, DEFAULT_COUNT_CAP } from './list-payments'
export { getPaymentDetail, getPiRecords } from './payment-detail'
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './normalize-query'
export { LEDGER_ERROR_CODES, type LedgerErrorCode } from './ledger-errors'
export type * from './types'
export { wholeSetOf, type WholeSetSql, type PlainSql } from './whole-set'
export { paymentFilterFromContract } from './contract-filter'
