// The simulated Pi chain: what the Horizon and Platform simulators, the buyer side and the
// dataset generator import.
export * from './types'
export { SimChain, type GenesisAccount, type SimChainOptions } from './sim-chain'
export { ImportError, type HistoryRecord, type ImportSummary } from './import-history'
export type { ChainAccountDetails, ChainLedgerRecord, ChainOperationRecord, ChainTransactionRecord } from './records'
export type { HistoryQuery, OperationQuery, FeeStats } from './chain-queries'
export type { PageOrder, PageQuery } from './paging'
export { parseCursor, CursorError } from './paging'
export { formatStroops, parseAmount } from './amounts'
export { isAccountAddress } from './strkey'
export { toid, orderKeyOf, type OrderKey } from './toid'
export {
  DEFAULT_LEDGER_INTERVAL_MS,
  DEFAULT_NETWORK_PASSPHRASE,
  PI_BASE_FEE_STROOPS,
  PI_BASE_RESERVE_STROOPS,
  STROOPS_PER_PI,
  minimumBalance
} from './constants'
