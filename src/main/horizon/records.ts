// Invariant: Horizon's JSON becomes typed records only after validation; amounts become stroops
// through the money module (never floats); a record missing a field the ledger relies on is an
// error naming that field, never a half-filled row. Unknown fields are tolerated.
import { z } from 'zod'
import { parseHorizonAmount, type Stroops } from '../../shared/money'
import { ACCOUNT_ADDRESS_PATTERN, parsePiTimestamp } from '../../shared/payments'

const HASH = /^[0-9a-f]{64}$/

const address = z.string().regex(ACCOUNT_ADDRESS_PATTERN, 'not a Pi account address')
const hash = z.string().regex(HASH, 'not a 64-hex transaction hash')
const timestamp = z.string().transform((text, context) => {
  const date = parsePiTimestamp(text)
  if (date === null) {
    context.addIssue({ code: 'custom', message: 'not an ISO-8601 date and time' })
    return z.NEVER
  }
  return date
})
/** Horizon's 7-decimal amount text ("2.0600000"). */
const amount = z.string().transform((text, context): Stroops => {
  try {
    return parseHorizonAmount(text)
  } catch (error) {
    context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'not an amount' })
    return z.NEVER
  }
})
/** Integer counts Horizon writes as strings (fees, sequence numbers), sometimes as numbers. */
const integer = z.union([z.string(), z.number()]).transform((value, context): bigint => {
  const text = String(value)
  if (!/^\d{1,20}$/.test(text)) {
    context.addIssue({ code: 'custom', message: 'not a whole number' })
    return z.NEVER
  }
  return BigInt(text)
})
const smallInteger = z.union([z.string().regex(/^\d{1,15}$/), z.number().int().nonnegative()]).transform(Number)

export const MEMO_TYPES = ['none', 'text', 'id', 'hash', 'return'] as const
export type MemoType = (typeof MEMO_TYPES)[number]

export const transactionSchema = z
  .looseObject({
    id: hash.optional(),
    hash,
    paging_token: z.string().min(1),
    successful: z.boolean(),
    ledger: smallInteger,
    created_at: timestamp,
    source_account: address,
    fee_charged: integer,
    max_fee: integer.optional(),
    operation_count: smallInteger.optional(),
    memo_type: z.enum(MEMO_TYPES),
    memo: z.string().optional(),
    envelope_xdr: z.string().optional(),
    result_xdr: z.string().optional(),
    valid_after: timestamp.optional(),
    valid_before: timestamp.optional()
  })
  .transform((t) => ({
    hash: t.hash,
    pagingToken: t.paging_token,
    successful: t.successful,
    ledger: t.ledger,
    createdAt: t.created_at,
    sourceAccount: t.source_account,
    feeCharged: t.fee_charged,
    maxFee: t.max_fee ?? null,
    operationCount: t.operation_count ?? null,
    memoType: t.memo_type,
    /** Text for `text` memos; decimal for `id`; base64 for `hash`/`return`; null for none. */
    memo: t.memo_type === 'none' ? null : (t.memo ?? ''),
    envelopeXdr: t.envelope_xdr ?? null,
    resultXdr: t.result_xdr ?? null,
    validAfter: t.valid_after ?? null,
    validBefore: t.valid_before ?? null
  }))

export type TransactionRecord = z.output<typeof transactionSchema>

export type AssetRef =
  | { readonly type: 'native' }
  | { readonly type: string; readonly code: string; readonly issuer: string }

const operationBase = {
  id: z.string().min(1),
  paging_token: z.string().min(1),
  transaction_hash: hash,
  transaction_successful: z.boolean().optional(),
  created_at: timestamp,
  source_account: address.optional()
}

const paymentOperation = z.looseObject({
  ...operationBase,
  type: z.literal('payment'),
  from: address,
  to: address,
  amount,
  asset_type: z.string().min(1),
  asset_code: z.string().optional(),
  asset_issuer: z.string().optional()
})

const createAccountOperation = z.looseObject({
  ...operationBase,
  type: z.literal('create_account'),
  funder: address,
  account: address,
  starting_balance: amount
})

const otherOperation = z.looseObject({ ...operationBase, type: z.string().min(1) })

interface OperationCommon {
  readonly id: string
  readonly pagingToken: string
  readonly transactionHash: string
  /** Absent on old Horizon versions; the joined transaction's `successful` is authoritative. */
  readonly transactionSuccessful: boolean | null
  readonly createdAt: Date
  readonly sourceAccount: string | null
}

export type ChainOperation =
  | (OperationCommon & {
      readonly kind: 'payment'
      readonly from: string
      readonly to: string
      /** In stroops for Pi; in the asset's 7-decimal unit for anything else. */
      readonly amount: Stroops
      readonly asset: AssetRef
    })
  | (OperationCommon & {
      readonly kind: 'create_account'
      readonly funder: string
      readonly account: string
      readonly startingBalance: Stroops
    })
  | (OperationCommon & { readonly kind: 'other'; readonly type: string })

export type ChainOperationWithTransaction = ChainOperation & { readonly transaction: TransactionRecord }

/** Which schema a record is read with: switch on `type`, as pi-platform.md §4 says. */
export function operationSchemaFor(record: unknown): z.ZodType<ChainOperation> {
  const type = typeof record === 'object' && record !== null ? (record as { type?: unknown }).type : undefined
  if (type === 'payment') return paymentOperation.transform(toPayment)
  if (type === 'create_account') return createAccountOperation.transform(toCreateAccount)
  return otherOperation.transform((o) => ({ ...common(o), kind: 'other' as const, type: o.type }))
}

function common(o: z.output<typeof otherOperation>): OperationCommon {
  return {
    id: o.id,
    pagingToken: o.paging_token,
    transactionHash: o.transaction_hash,
    transactionSuccessful: o.transaction_successful ?? null,
    createdAt: o.created_at,
    sourceAccount: o.source_account ?? null
  }
}

function toPayment(o: z.output<typeof paymentOperation>, context: z.RefinementCtx): ChainOperation {
  let asset: AssetRef = { type: 'native' }
  if (o.asset_type !== 'native') {
    if (o.asset_code === undefined || o.asset_issuer === undefined) {
      context.addIssue({ code: 'custom', message: 'an issued asset needs asset_code and asset_issuer', path: ['asset_code'] })
      return z.NEVER
    }
    asset = { type: o.asset_type, code: o.asset_code, issuer: o.asset_issuer }
  }
  return { ...common(o), kind: 'payment', from: o.from, to: o.to, amount: o.amount, asset }
}

function toCreateAccount(o: z.output<typeof createAccountOperation>): ChainOperation {
  return {
    ...common(o),
    kind: 'create_account',
    funder: o.funder,
    account: o.account,
    startingBalance: o.starting_balance
  }
}

export const accountSchema = z
  .looseObject({
    id: address,
    sequence: integer,
    subentry_count: smallInteger,
    num_sponsoring: smallInteger.optional(),
    num_sponsored: smallInteger.optional(),
    last_modified_ledger: smallInteger.optional(),
    balances: z.array(z.looseObject({ asset_type: z.string(), balance: z.string(), selling_liabilities: z.string().optional() }))
  })
  .transform((a, context) => {
    const native = a.balances.find((balance) => balance.asset_type === 'native')
    if (native === undefined) {
      context.addIssue({ code: 'custom', message: 'no native (Pi) balance', path: ['balances'] })
      return z.NEVER
    }
    const balance = amount.safeParse(native.balance)
    const selling = amount.safeParse(native.selling_liabilities ?? '0')
    if (!balance.success || !selling.success) {
      context.addIssue({ code: 'custom', message: 'the native balance is not an amount', path: ['balances'] })
      return z.NEVER
    }
    return {
      id: a.id,
      sequence: a.sequence,
      /** Native balance in stroops. Locked Pi (claimable balances) is not in here. */
      balance: balance.data,
      sellingLiabilities: selling.data,
      subentryCount: a.subentry_count,
      numSponsoring: a.num_sponsoring ?? 0,
      numSponsored: a.num_sponsored ?? 0,
      lastModifiedLedger: a.last_modified_ledger ?? null
    }
  })

export type AccountRecord = z.output<typeof accountSchema>

export const ledgerSchema = z
  .looseObject({
    sequence: smallInteger,
    hash: z.string().optional(),
    closed_at: timestamp,
    base_fee_in_stroops: integer,
    base_reserve_in_stroops: integer,
    protocol_version: smallInteger.optional()
  })
  .transform((l) => ({
    sequence: l.sequence,
    hash: l.hash ?? null,
    /** The ledger clock: what timebounds are checked against. */
    closedAt: l.closed_at,
    baseFee: l.base_fee_in_stroops,
    baseReserve: l.base_reserve_in_stroops,
    protocolVersion: l.protocol_version ?? null
  }))

export type LedgerRecord = z.output<typeof ledgerSchema>

const feeDistribution = z
  .looseObject({ min: integer, mode: integer, p50: integer, p90: integer, p99: integer, max: integer })
  .transform((d) => ({ min: d.min, mode: d.mode, p50: d.p50, p90: d.p90, p99: d.p99, max: d.max }))

export const feeStatsSchema = z
  .looseObject({
    last_ledger: smallInteger,
    last_ledger_base_fee: integer,
    ledger_capacity_usage: z.union([z.string(), z.number()]).optional(),
    fee_charged: feeDistribution.optional(),
    max_fee: feeDistribution
  })
  .transform((f) => ({
    lastLedger: f.last_ledger,
    lastLedgerBaseFee: f.last_ledger_base_fee,
    /** 0..1, for display only. */
    ledgerCapacityUsage: f.ledger_capacity_usage === undefined ? null : Number(f.ledger_capacity_usage),
    feeCharged: f.fee_charged ?? null,
    maxFee: f.max_fee
  }))

export type FeeStats = z.output<typeof feeStatsSchema>

export const rootSchema = z.looseObject({
  network_passphrase: z.string(),
  horizon_version: z.string().optional(),
  core_version: z.string().optional(),
  history_latest_ledger: smallInteger.optional(),
  core_latest_ledger: smallInteger.optional()
})

/** `{ _embedded: { records: [...] } }`, records left raw: each is read with its own schema. */
export const pageSchema = z.looseObject({
  _embedded: z.looseObject({ records: z.array(z.unknown()) })
})
