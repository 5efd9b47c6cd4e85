// The simulated Pi chain: one in-memory ledger shared by the Horizon simulator and the Pi
// Platform simulator (which checks txids against it on `complete`, as Pi does).
// Amounts are integer stroops (bigint) everywhere in here; Horizon's 7-decimal strings are
// produced only at the HTTP edge.

export interface ChainAccount {
  readonly id: string
  /** Account sequence number. */
  readonly sequence: bigint
  /** Native balance in stroops. */
  readonly balance: bigint
  readonly subentryCount: number
}

export interface ChainPaymentOperation {
  readonly kind: 'payment'
  readonly from: string
  readonly to: string
  /** Native only: the simulator refuses other assets. */
  readonly amount: bigint
}

export interface ChainCreateAccountOperation {
  readonly kind: 'create_account'
  readonly funder: string
  readonly account: string
  readonly startingBalance: bigint
}

export type ChainOperation = ChainPaymentOperation | ChainCreateAccountOperation

export type ChainMemo =
  | { readonly type: 'none' }
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'id'; readonly value: string }
  | { readonly type: 'hash' | 'return'; readonly value: string /* base64 */ }

export interface ChainTransaction {
  /** 64 lowercase hex; also Horizon's `id`. */
  readonly hash: string
  readonly ledger: number
  readonly createdAt: Date
  readonly sourceAccount: string
  readonly sourceAccountSequence: bigint
  readonly feeCharged: bigint
  readonly maxFee: bigint
  /** Apply-time failures (op_underfunded, ...) are recorded with successful=false and a charged fee. */
  readonly successful: boolean
  readonly memo: ChainMemo
  readonly operations: readonly ChainOperation[]
  readonly envelopeXdr: string
  readonly resultXdr: string
  readonly validAfter: Date | null
  readonly validBefore: Date | null
}

export interface TransactionResultCodes {
  readonly transaction: string
  readonly operations?: readonly string[]
}

export type SubmitOutcome =
  | { readonly kind: 'applied'; readonly transaction: ChainTransaction }
  | {
      readonly kind: 'rejected'
      readonly resultCodes: TransactionResultCodes
      readonly envelopeXdr: string
      readonly resultXdr: string
      /** Present when the failure happened at apply time: the transaction is on the ledger, failed. */
      readonly recorded?: ChainTransaction
      /** The envelope could not be decoded at all: Horizon answers `transaction_malformed`, not `transaction_failed`. */
      readonly malformed?: boolean
    }

export interface LedgerHeader {
  readonly sequence: number
  readonly closedAt: Date
  readonly baseFeeInStroops: number
  readonly baseReserveInStroops: number
}

/** What the Platform simulator, the buyer side and the dataset generator may use. */
export interface SimulatedChain {
  readonly networkPassphrase: string
  /** The ledger clock (what timebounds are checked against). */
  now(): Date
  latestLedger(): LedgerHeader
  account(address: string): ChainAccount | undefined
  /** Creates (or tops up) an account from the simulator's root account, as a `create_account`/`payment` on the ledger. */
  fund(address: string, amount: bigint): void
  /** Validates and applies a real signed envelope (base64 XDR), as `POST /transactions` does. */
  submit(envelopeXdr: string): SubmitOutcome
  transaction(hash: string): ChainTransaction | undefined
  /** Subscribe to every transaction that lands; returns the unsubscribe function. */
  onTransaction(listener: (tx: ChainTransaction) => void): () => void
}
