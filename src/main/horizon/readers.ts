// Turns validated Horizon JSON into the records the app uses, naming the field when something is
// off ("records.3.amount: ..."). One place for the rule that a payment or create_account record
// is only usable with its joined transaction (which brings the memo: the Pi payment identifier).
import type { z } from 'zod'
import { describeIssues } from '../pi'
import { malformedHorizonAnswer } from './errors'
import {
  operationSchemaFor,
  pageSchema,
  transactionSchema,
  type ChainOperation,
  type TransactionRecord
} from './records'

/** A record of GET /accounts/{G}/payments?join=transactions. */
export type AccountPaymentRecord =
  | (Extract<ChainOperation, { kind: 'payment' | 'create_account' }> & { readonly transaction: TransactionRecord })
  | (Extract<ChainOperation, { kind: 'other' }> & { readonly transaction: TransactionRecord | null })

export function readWith<S extends z.ZodType>(schema: S, json: unknown, where = ''): z.output<S> {
  const result = schema.safeParse(json)
  if (!result.success) throw malformedHorizonAnswer(describeIssues(result.error, where))
  return result.data
}

export function readPageRecords(json: unknown): unknown[] {
  return readWith(pageSchema, json)._embedded.records
}

export function readOperation(json: unknown, where = ''): ChainOperation {
  return readWith(operationSchemaFor(json), json, where)
}

export function readTransaction(json: unknown, where = ''): TransactionRecord {
  return readWith(transactionSchema, json, where)
}

export function readAccountPayment(json: unknown, where = ''): AccountPaymentRecord {
  const operation = readOperation(json, where)
  const joined = (json as { transaction?: unknown }).transaction
  const inner = where === '' ? 'transaction' : `${where}.transaction`
  if (operation.kind === 'other') {
    // Not a payment the ledger records: its transaction is informative only.
    const parsed = joined === undefined ? null : transactionSchema.safeParse(joined)
    return { ...operation, transaction: parsed?.success === true ? parsed.data : null }
  }
  if (joined === undefined || joined === null) {
    throw malformedHorizonAnswer(`${inner}: missing (the request asks Horizon to join transactions)`)
  }
  const transaction = readTransaction(joined, inner)
  if (transaction.hash !== operation.transactionHash) {
    throw malformedHorizonAnswer(`${inner}.hash: differs from transaction_hash`)
  }
  return { ...operation, transaction }
}
