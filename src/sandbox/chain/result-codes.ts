// Horizon's result-code strings and the TransactionResult XDR they stand for, so that what the
// simulator answers decodes with stellar-sdk exactly like a real Horizon answer.
import { xdr } from '@stellar/stellar-sdk'
import type { TransactionResultCodes } from './types'

/** Which operation a code belongs to: the same string maps to different XDR arms per type. */
export type ResultOperationType = 'payment' | 'create_account' | 'other'

export interface OperationResultCode {
  readonly type: ResultOperationType
  readonly code: string
}

const TRANSACTION_ARMS: Readonly<Record<string, string>> = {
  tx_success: 'txSuccess',
  tx_failed: 'txFailed',
  tx_too_early: 'txTooEarly',
  tx_too_late: 'txTooLate',
  tx_missing_operation: 'txMissingOperation',
  tx_bad_seq: 'txBadSeq',
  tx_bad_auth: 'txBadAuth',
  tx_insufficient_balance: 'txInsufficientBalance',
  tx_no_source_account: 'txNoAccount',
  tx_insufficient_fee: 'txInsufficientFee',
  tx_bad_auth_extra: 'txBadAuthExtra',
  tx_internal_error: 'txInternalError',
  tx_not_supported: 'txNotSupported',
  tx_malformed: 'txMalformed'
}

const OUTER_OPERATION_ARMS: Readonly<Record<string, string>> = {
  op_bad_auth: 'opBadAuth',
  op_no_source_account: 'opNoAccount',
  op_not_supported: 'opNotSupported',
  op_too_many_subentries: 'opTooManySubentries'
}

const PAYMENT_ARMS: Readonly<Record<string, string>> = {
  op_success: 'paymentSuccess',
  op_malformed: 'paymentMalformed',
  op_underfunded: 'paymentUnderfunded',
  op_src_no_trust: 'paymentSrcNoTrust',
  op_src_not_authorized: 'paymentSrcNotAuthorized',
  op_no_destination: 'paymentNoDestination',
  op_no_trust: 'paymentNoTrust',
  op_not_authorized: 'paymentNotAuthorized',
  op_line_full: 'paymentLineFull',
  op_no_issuer: 'paymentNoIssuer'
}

const CREATE_ACCOUNT_ARMS: Readonly<Record<string, string>> = {
  op_success: 'createAccountSuccess',
  op_malformed: 'createAccountMalformed',
  op_underfunded: 'createAccountUnderfunded',
  op_low_reserve: 'createAccountLowReserve',
  op_already_exists: 'createAccountAlreadyExist'
}

type Factory<T> = Record<string, (...args: never[]) => T>

function arm<T>(table: Readonly<Record<string, string>>, factories: unknown, code: string): () => T {
  const name = table[code]
  const factory = name === undefined ? undefined : (factories as Factory<T>)[name]
  if (factory === undefined) throw new Error(`no XDR result for code ${code}`)
  return factory as () => T
}

function operationResult(op: OperationResultCode): xdr.OperationResult {
  if (OUTER_OPERATION_ARMS[op.code] !== undefined) return arm<xdr.OperationResult>(OUTER_OPERATION_ARMS, xdr.OperationResult, op.code)()
  switch (op.type) {
    case 'payment':
      return xdr.OperationResult.opInner(xdr.OperationResultTr.payment(arm<xdr.PaymentResult>(PAYMENT_ARMS, xdr.PaymentResult, op.code)()))
    case 'create_account':
      return xdr.OperationResult.opInner(
        xdr.OperationResultTr.createAccount(arm<xdr.CreateAccountResult>(CREATE_ACCOUNT_ARMS, xdr.CreateAccountResult, op.code)())
      )
    case 'other':
      throw new Error(`the simulator has no result for ${op.code} on an unsupported operation`)
  }
}

// A history page renders up to 200 results that are nearly all alike (one payment, base fee).
const cache = new Map<string, string>()
const CACHE_LIMIT = 1000

/** base64 TransactionResult, as Horizon's `result_xdr`. */
export function transactionResultXdr(feeCharged: bigint, transactionCode: string, operations: readonly OperationResultCode[]): string {
  let key = `${feeCharged}|${transactionCode}`
  for (const op of operations) key += `|${op.type}:${op.code}`
  const known = cache.get(key)
  if (known !== undefined) return known
  const encoded = encodeResult(feeCharged, transactionCode, operations)
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(key, encoded)
  return encoded
}

function encodeResult(feeCharged: bigint, transactionCode: string, operations: readonly OperationResultCode[]): string {
  let result: xdr.TransactionResultResult
  if (transactionCode === 'tx_success') result = xdr.TransactionResultResult.txSuccess(operations.map(operationResult))
  else if (transactionCode === 'tx_failed') result = xdr.TransactionResultResult.txFailed(operations.map(operationResult))
  else result = arm<xdr.TransactionResultResult>(TRANSACTION_ARMS, xdr.TransactionResultResult, transactionCode)()
  return new xdr.TransactionResult({ feeCharged: new xdr.Int64(feeCharged), result, ext: new xdr.TransactionResultExt(0) }).toXDR('base64')
}

export function resultCodes(transactionCode: string, operations: readonly OperationResultCode[] | undefined): TransactionResultCodes {
  return operations === undefined ? { transaction: transactionCode } : { transaction: transactionCode, operations: operations.map((op) => op.code) }
}
