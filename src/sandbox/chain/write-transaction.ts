// The one place a transaction is written to history, for submitted, funded and imported ones
// alike: fee and sequence bump first (they stick even when the operations fail, as on Stellar),
// then the operations, then the rows and the per-account indexes. Allocation-light on purpose:
// the importer runs it a million times.
import type { AccountState } from './address-book'
import { applyOperations, type LedgerOperation } from './apply-operations'
import type { EncodedMemo } from './memo-codec'
import type { ChainStore } from './records'
import type { OperationResultCode } from './result-codes'
import { OpKind } from './tx-table'
import type { TransactionResultCodes } from './types'

export interface TransactionDraft {
  readonly hash: Uint8Array
  /** Address-book index of the source account, which must exist. */
  readonly source: number
  readonly sequence: bigint
  readonly feeCharged: bigint
  readonly maxFee: bigint
  readonly memo: EncodedMemo
  readonly minTime: number
  readonly maxTime: number
  readonly operations: readonly LedgerOperation[]
  /** Imported failures arrive decided: their operations are recorded but not applied. */
  readonly decidedFailure?: TransactionResultCodes | undefined
}

export interface WrittenTransaction {
  readonly row: number
  readonly successful: boolean
  /** One Horizon code per operation. */
  readonly operationCodes: readonly string[]
}

export class HistoryConflictError extends Error {}

export interface WritePlace {
  readonly ledgerSequence: number
  readonly order: number
  readonly closedAtMs: number
  /** Import mode: a transaction said to succeed must succeed, or nothing is written. */
  readonly mustSucceed?: boolean
}

export function writeTransaction(store: ChainStore, draft: TransactionDraft, place: WritePlace): WrittenTransaction {
  const { book, table } = store
  const source = book.accounts[draft.source]
  if (source === undefined) throw new Error(`source ${book.address(draft.source)} does not exist`)
  const { balance, sequence, sequenceLedger, sequenceAtMs, lastModifiedLedger, lastModifiedAtMs } = source
  source.balance -= draft.feeCharged
  source.sequence = draft.sequence
  source.sequenceLedger = place.ledgerSequence
  source.sequenceAtMs = place.closedAtMs
  source.lastModifiedLedger = place.ledgerSequence
  source.lastModifiedAtMs = place.closedAtMs

  let successful = false
  let operationCodes: readonly string[]
  if (draft.decidedFailure === undefined) {
    const applied = applyOperations(draft.operations, {
      book,
      baseReserve: store.baseReserve,
      ledgerSequence: place.ledgerSequence,
      closedAtMs: place.closedAtMs
    })
    successful = applied.success
    operationCodes = applied.codes
    if (!successful && place.mustSucceed === true) {
      // The operations already rolled back (possibly to copies of the account): restore what is current.
      const current: AccountState = book.accounts[draft.source] ?? source
      Object.assign(current, { balance, sequence, sequenceLedger, sequenceAtMs, lastModifiedLedger, lastModifiedAtMs })
      throw new HistoryConflictError(`operations fail on this ledger: ${operationCodes.join(', ')}`)
    }
  } else {
    const decided = draft.decidedFailure.operations
    operationCodes = draft.operations.map((_, i) => decided?.[i] ?? 'op_success')
  }

  const row = table.appendTransaction({
    hash: draft.hash,
    ledger: place.ledgerSequence,
    order: place.order,
    source: draft.source,
    sequence: draft.sequence,
    feeCharged: draft.feeCharged,
    maxFee: draft.maxFee,
    successful,
    memo: draft.memo,
    minTime: draft.minTime,
    maxTime: draft.maxTime
  })
  book.noteTransaction(draft.source, row)
  for (const op of draft.operations) {
    const opRow = table.appendOperation(row, op.type === 'payment' ? OpKind.payment : OpKind.createAccount, op.source, op.target, op.amount)
    if (op.source !== draft.source) book.noteTransaction(op.source, row)
    book.noteTransaction(op.target, row)
    book.noteOperation(op.source, opRow)
    book.noteOperation(op.target, opRow)
  }
  if (!successful) table.failureCodes.set(row, draft.decidedFailure ?? { transaction: 'tx_failed', operations: operationCodes })
  return { row, successful, operationCodes }
}

/** The typed codes a result XDR needs. */
export function typedCodes(operations: readonly LedgerOperation[], codes: readonly string[]): OperationResultCode[] {
  return operations.map((op, i) => ({ type: op.type, code: codes[i] ?? 'op_success' }))
}
