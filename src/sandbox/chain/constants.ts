// The numbers that make the simulated ledger behave like Pi's chain rather than Stellar's.

export const STROOPS_PER_PI = 10_000_000n

/** Pi charges 0.01 Pi per operation, a thousand times Stellar's 100 stroops. */
export const PI_BASE_FEE_STROOPS = 100_000

/**
 * Half a Pi per reserve unit: with Stellar's rule `(2 + subentries) x base reserve`, a plain
 * account must keep 1 Pi, which is what activating a Pi wallet costs. Pi does not publish the
 * figure; a ledger's `base_reserve_in_stroops` is authoritative, so clients must read it, never
 * assume it. Configurable per chain.
 */
export const PI_BASE_RESERVE_STROOPS = 5_000_000

/** Pi's total supply (100 billion), all of it held by the root account at genesis. */
export const TOTAL_COINS_STROOPS = 100_000_000_000n * STROOPS_PER_PI

export const PROTOCOL_VERSION = 19
export const MAX_TX_SET_SIZE = 1000
/** Stellar caps a transaction at 100 operations. */
export const MAX_OPERATIONS_PER_TX = 100
export const DEFAULT_LEDGER_INTERVAL_MS = 5_000
export const DEFAULT_NETWORK_PASSPHRASE = 'Pi Testnet'

export const INT64_MAX = 0x7fff_ffff_ffff_ffffn

/** Stellar's minimum balance: (2 + subentries) x base reserve. */
export function minimumBalance(subentryCount: number, baseReserveStroops: number): bigint {
  return BigInt(2 + subentryCount) * BigInt(baseReserveStroops)
}
