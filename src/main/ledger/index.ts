// The ledger query: keyset pages over a million payments, their count, and one payment's detail.
export { listPayments, countPayments, SEARCH_MATCH_LIMIT, DEFAULT_COUNT_CAP } from './list-payments'
export { getPaymentDetail } from './payment-detail'
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './normalize-query'
export { LEDGER_ERROR_CODES, type LedgerErrorCode } from './ledger-errors'
export type * from './types'
export { wholeSetOf, type WholeSetSql, type PlainSql } from './whole-set'
export { paymentFilterFromContract } from './contract-filter'
export { APP_WALLET_FEE, PAYMENT_TXID, PAYMENT_TX_LEDGER, PAYMENT_TX_FEE, PAID_BY_THIS_DESK } from './payment-chain'
