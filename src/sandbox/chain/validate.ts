// Submission-time validation, in stellar-core's order. A transaction refused here never reaches
// the ledger: no fee, no sequence bump, nothing recorded. Only what passes every check is applied
// (and may still fail at apply time, see apply-operations.ts).
//
// Invariant: a signature counts only if it verifies against the hash computed with THIS chain's
// network passphrase, so an envelope signed for another Pi network fails with tx_bad_auth.
import { FeeBumpTransaction, TransactionBuilder, extractBaseAddress, type Operation, type Transaction, type xdr } from '@stellar/stellar-sdk'
import type { AccountState } from './address-book'
import { MAX_OPERATIONS_PER_TX, minimumBalance } from './constants'
import { encodeStellarMemo, type EncodedMemo } from './memo-codec'
import type { OperationResultCode, ResultOperationType } from './result-codes'
import { signedBy } from './signatures'

export interface PlannedOperation {
  readonly type: ResultOperationType
  /** Base G-address (muxed accounts are reduced to their base account). */
  readonly source: string
  readonly target: string
  readonly amount: bigint
  readonly native: boolean
  readonly issuer: string | undefined
}

export interface TransactionPlan {
  readonly hash: Buffer
  readonly envelopeXdr: string
  readonly signatures: readonly string[]
  readonly source: string
  readonly sequence: bigint
  readonly maxFee: bigint
  readonly feeCharged: bigint
  readonly memo: EncodedMemo
  readonly minTime: number
  readonly maxTime: number
  readonly operations: readonly PlannedOperation[]
}

export type DecodeOutcome =
  | { readonly kind: 'transaction'; readonly tx: Transaction; readonly hash: Buffer; readonly envelopeXdr: string }
  | { readonly kind: 'fee_bump'; readonly hash: Buffer; readonly envelopeXdr: string }
  | { readonly kind: 'malformed'; readonly detail: string }

export interface ValidationContext {
  readonly baseFee: bigint
  readonly baseReserve: number
  /** Close time of the ledger the transaction would join, in Unix seconds. */
  readonly closeTimeSec: number
  account(address: string): AccountState | undefined
}

export type ValidationOutcome =
  | { readonly ok: true; readonly plan: TransactionPlan }
  | {
      readonly ok: false
      readonly transactionCode: string
      readonly operations?: readonly OperationResultCode[]
      readonly feeCharged: bigint
    }

export function decodeEnvelope(envelopeXdr: string, networkPassphrase: string): DecodeOutcome {
  let decoded: Transaction | FeeBumpTransaction
  try {
    decoded = TransactionBuilder.fromXDR(envelopeXdr.trim(), networkPassphrase)
  } catch (error) {
    return { kind: 'malformed', detail: error instanceof Error ? error.message : String(error) }
  }
  const normalized = decoded.toEnvelope().toXDR('base64')
  if (decoded instanceof FeeBumpTransaction) return { kind: 'fee_bump', hash: decoded.hash(), envelopeXdr: normalized }
  return { kind: 'transaction', tx: decoded, hash: decoded.hash(), envelopeXdr: normalized }
}

export function validateTransaction(tx: Transaction, hash: Buffer, envelopeXdr: string, ctx: ValidationContext): ValidationOutcome {
  const operationCount = tx.operations.length
  const minimumFee = ctx.baseFee * BigInt(Math.max(operationCount, 1))
  const reject = (transactionCode: string, operations?: readonly OperationResultCode[]): ValidationOutcome =>
    operations === undefined ? { ok: false, transactionCode, feeCharged: minimumFee } : { ok: false, transactionCode, operations, feeCharged: minimumFee }

  if (operationCount === 0) return reject('tx_missing_operation')
  if (operationCount > MAX_OPERATIONS_PER_TX) return reject('tx_malformed')
  // Protocol-19 preconditions beyond timebounds are not simulated: refuse rather than ignore them.
  if (tx.ledgerBounds !== undefined || tx.minAccountSequence !== undefined || (tx.extraSigners?.length ?? 0) > 0) return reject('tx_not_supported')
  if (Number(tx.minAccountSequenceAge ?? 0) > 0 || Number(tx.minAccountSequenceLedgerGap ?? 0) > 0) return reject('tx_not_supported')

  const minTime = tx.timeBounds === undefined ? Number.NaN : Number(tx.timeBounds.minTime)
  const maxTime = tx.timeBounds === undefined ? 0 : Number(tx.timeBounds.maxTime)
  if (minTime > 0 && ctx.closeTimeSec < minTime) return reject('tx_too_early')
  if (maxTime > 0 && maxTime < ctx.closeTimeSec) return reject('tx_too_late')

  const maxFee = BigInt(tx.fee)
  if (maxFee < minimumFee) return reject('tx_insufficient_fee')

  const source = extractBaseAddress(tx.source)
  const account = ctx.account(source)
  if (account === undefined) return reject('tx_no_source_account')
  if (BigInt(tx.sequence) !== account.sequence + 1n) return reject('tx_bad_seq')

  const used = tx.signatures.map(() => false)
  if (!signedBy(source, hash, tx.signatures, used)) return reject('tx_bad_auth')
  if (account.balance - minimumBalance(account.subentryCount, ctx.baseReserve) < maxFee) return reject('tx_insufficient_balance')

  const operations = rawOperations(tx).map((op, i) => planOperation(op, tx.operations[i], source))
  const opCodes = operations.map((op, i) => checkOperation(op, tx.operations[i]?.source !== undefined, source, hash, tx, used, ctx))
  if (opCodes.some((op) => op.code !== 'op_success')) return reject('tx_failed', opCodes)
  if (used.some((wasUsed) => !wasUsed)) return reject('tx_bad_auth_extra')

  return {
    ok: true,
    plan: {
      hash,
      envelopeXdr,
      signatures: tx.signatures.map((signature) => signature.signature().toString('base64')),
      source,
      sequence: BigInt(tx.sequence),
      maxFee,
      feeCharged: minimumFee,
      memo: encodeStellarMemo(tx.memo),
      minTime,
      maxTime,
      operations
    }
  }
}

/** The XDR operations, whichever envelope version carried them (amounts are read from these). */
function rawOperations(tx: Transaction): xdr.Operation[] {
  const envelope = tx.toEnvelope()
  return envelope.switch().name === 'envelopeTypeTxV0' ? envelope.v0().tx().operations() : envelope.v1().tx().operations()
}

function planOperation(raw: xdr.Operation, decoded: Operation | undefined, txSource: string): PlannedOperation {
  const source = decoded?.source === undefined ? txSource : extractBaseAddress(decoded.source)
  const body = raw.body()
  if (decoded?.type === 'payment') {
    const native = decoded.asset.isNative()
    return {
      type: 'payment',
      source,
      target: extractBaseAddress(decoded.destination),
      // Amounts straight from the XDR int64: no trip through a decimal string.
      amount: body.paymentOp().amount().toBigInt(),
      native,
      issuer: native ? undefined : decoded.asset.getIssuer()
    }
  }
  if (decoded?.type === 'createAccount') {
    return {
      type: 'create_account',
      source,
      target: decoded.destination,
      amount: body.createAccountOp().startingBalance().toBigInt(),
      native: true,
      issuer: undefined
    }
  }
  return { type: 'other', source, target: '', amount: 0n, native: true, issuer: undefined }
}

function checkOperation(
  op: PlannedOperation,
  hasOwnSource: boolean,
  txSource: string,
  hash: Buffer,
  tx: Transaction,
  used: boolean[],
  ctx: ValidationContext
): OperationResultCode {
  const result = (code: string): OperationResultCode => ({ type: op.type, code })
  if (op.type === 'other') return result('op_not_supported')
  if (hasOwnSource && op.source !== txSource) {
    if (ctx.account(op.source) === undefined) return result('op_no_source_account')
    if (!signedBy(op.source, hash, tx.signatures, used)) return result('op_bad_auth')
  }
  if (op.type === 'payment' && op.amount <= 0n) return result('op_malformed')
  if (op.type === 'create_account' && (op.amount < 0n || op.target === op.source)) return result('op_malformed')
  return result('op_success')
}
