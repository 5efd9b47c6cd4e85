// Invariant: a Horizon record becomes chain rows only when every column can be filled with what
// Horizon actually said; anything else is skipped and reported (never a guessed or default
// value in the ledger). Pi moves only the native asset, so only native payments and account
// creations are kept; other operations are passed over, though the cursor still moves past them.
import type { AccountPaymentRecord } from '../horizon'
import type { MemoType } from '../db'

export interface ChainTransactionRow {
  readonly hash: string
  readonly ledger: number
  readonly createdAt: number
  readonly sourceAccount: string
  readonly feeCharged: bigint
  readonly maxFee: bigint
  readonly operationCount: number
  readonly successful: boolean
  readonly memoType: MemoType
  readonly memo: string | null
  readonly pagingToken: string
}

export interface ChainOperationRow {
  readonly id: string
  readonly pagingToken: string
  readonly transactionHash: string
  readonly type: 'payment' | 'create_account'
  readonly from: string
  readonly to: string
  readonly amount: bigint
  readonly createdAt: number
  readonly successful: boolean
}

export type ChainEntry =
  | { readonly kind: 'operation'; readonly transaction: ChainTransactionRow; readonly operation: ChainOperationRow }
  /** A record the ledger does not keep (another operation type, another asset). */
  | { readonly kind: 'passed_over'; readonly pagingToken: string; readonly why: string }

/** A record that could not be read: reported, and the sync moves on. */
export interface SkippedRecord {
  readonly pagingToken: string | null
  readonly problem: string
}

/** Horizon's paging tokens on payments are decimal int64 (a TOID). */
export const PAGING_TOKEN = /^\d{1,19}$/

export function isPagingToken(value: unknown): value is string {
  return typeof value === 'string' && PAGING_TOKEN.test(value)
}

/** The rows of one validated record, or why it cannot be kept. */
export function chainEntryOf(record: AccountPaymentRecord): ChainEntry | SkippedRecord {
  if (!isPagingToken(record.pagingToken)) {
    return { pagingToken: null, problem: `paging_token: not a Horizon paging token (${shorten(record.pagingToken)})` }
  }
  if (record.kind === 'other') return { kind: 'passed_over', pagingToken: record.pagingToken, why: record.type }
  if (record.kind === 'payment' && record.asset.type !== 'native') {
    return { kind: 'passed_over', pagingToken: record.pagingToken, why: 'payment of an asset other than Pi' }
  }
  const transaction = transactionRowOf(record)
  if ('problem' in transaction) return { pagingToken: record.pagingToken, problem: transaction.problem }
  const common = {
    id: record.id,
    pagingToken: record.pagingToken,
    transactionHash: record.transactionHash,
    createdAt: record.createdAt.getTime(),
    successful: transaction.successful
  }
  const operation: ChainOperationRow =
    record.kind === 'payment'
      ? { ...common, type: 'payment', from: record.from, to: record.to, amount: record.amount }
      : { ...common, type: 'create_account', from: record.funder, to: record.account, amount: record.startingBalance }
  return { kind: 'operation', transaction, operation }
}

function transactionRowOf(record: Extract<AccountPaymentRecord, { kind: 'payment' | 'create_account' }>): ChainTransactionRow | SkippedRecord {
  const tx = record.transaction
  const problem =
    tx.ledger < 1
      ? 'transaction.ledger: not a ledger number'
      : tx.maxFee === null
        ? 'transaction.max_fee: missing'
        : tx.operationCount === null || tx.operationCount < 1
          ? 'transaction.operation_count: missing'
          : record.id === ''
            ? 'id: empty'
            : null
  if (problem !== null) return { pagingToken: record.pagingToken, problem }
  return {
    hash: tx.hash,
    ledger: tx.ledger,
    createdAt: tx.createdAt.getTime(),
    sourceAccount: tx.sourceAccount,
    feeCharged: tx.feeCharged,
    maxFee: tx.maxFee as bigint,
    operationCount: tx.operationCount as number,
    // The joined transaction is authoritative; old Horizons leave the operation's flag out.
    successful: tx.successful,
    memoType: tx.memoType,
    memo: tx.memo,
    pagingToken: tx.pagingToken
  }
}

export function isSkippedRecord(value: ChainEntry | SkippedRecord): value is SkippedRecord {
  return 'problem' in value
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}
