// The JSON resources Horizon 2.x returns for accounts, transactions, operations and ledgers:
// same field names, same string-vs-number choices, same HAL links (stellar-sdk turns every
// `_links` entry into a function and moves a same-named field to `<name>_attr`, so the links
// must be there for the SDK to behave as in production).
import { xdr } from '@stellar/stellar-sdk'
import { PROTOCOL_VERSION, MAX_TX_SET_SIZE } from '../chain/constants'
import type { ChainAccountDetails, ChainLedgerRecord, ChainOperationRecord, ChainTransactionRecord } from '../chain/records'
import { amount, horizonTime, link, template } from './format'

export type Json = Record<string, unknown>
/** A record of a collection: Horizon pages and streams resume from its paging token. */
export type Pageable = Json & { readonly paging_token: string }

export function accountResource(base: string, account: ChainAccountDetails): Json {
  const self = `${base}/accounts/${account.id}`
  return {
    _links: {
      self: link(self),
      transactions: template(`${self}/transactions{?cursor,limit,order}`),
      operations: template(`${self}/operations{?cursor,limit,order}`),
      payments: template(`${self}/payments{?cursor,limit,order}`),
      effects: template(`${self}/effects{?cursor,limit,order}`),
      offers: template(`${self}/offers{?cursor,limit,order}`),
      trades: template(`${self}/trades{?cursor,limit,order}`),
      data: template(`${self}/data/{key}`)
    },
    id: account.id,
    account_id: account.id,
    sequence: account.sequence.toString(),
    ...(account.sequenceLedger === undefined || account.sequenceTime === undefined
      ? {}
      : { sequence_ledger: account.sequenceLedger, sequence_time: String(Math.floor(account.sequenceTime.getTime() / 1000)) }),
    subentry_count: account.subentryCount,
    last_modified_ledger: account.lastModifiedLedger,
    last_modified_time: horizonTime(account.lastModifiedAt),
    thresholds: { low_threshold: 0, med_threshold: 0, high_threshold: 0 },
    flags: { auth_required: false, auth_revocable: false, auth_immutable: false, auth_clawback_enabled: false },
    balances: [{ balance: amount(account.balance), buying_liabilities: '0.0000000', selling_liabilities: '0.0000000', asset_type: 'native' }],
    signers: [{ weight: 1, key: account.id, type: 'ed25519_public_key' }],
    data: {},
    num_sponsoring: 0,
    num_sponsored: 0,
    paging_token: account.id
  }
}

// Transaction metadata (ledger entry changes) is not simulated: an empty but well-formed
// TransactionMeta v2 with one OperationMeta per operation stands in, so decoders do not choke.
const metaCache = new Map<number, string>()
const EMPTY_FEE_META = 'AAAAAA=='

function placeholderMeta(operationCount: number): string {
  let meta = metaCache.get(operationCount)
  if (meta === undefined) {
    const operations = Array.from({ length: operationCount }, () => new xdr.OperationMeta({ changes: [] }))
    meta = new xdr.TransactionMeta(2, new xdr.TransactionMetaV2({ txChangesBefore: [], operations, txChangesAfter: [] })).toXDR('base64')
    metaCache.set(operationCount, meta)
  }
  return meta
}

export function transactionResource(base: string, tx: ChainTransactionRecord): Pageable {
  const self = `${base}/transactions/${tx.hash}`
  // Built by assignment rather than spreads: a joined page renders 200 of these.
  const resource: Json & { paging_token: string } = {
    _links: {
      self: link(self),
      account: link(`${base}/accounts/${tx.sourceAccount}`),
      ledger: link(`${base}/ledgers/${tx.ledger}`),
      operations: template(`${self}/operations{?cursor,limit,order}`),
      effects: template(`${self}/effects{?cursor,limit,order}`),
      precedes: link(`${base}/transactions?order=asc&cursor=${tx.pagingToken}`),
      succeeds: link(`${base}/transactions?order=desc&cursor=${tx.pagingToken}`),
      transaction: link(self)
    },
    id: tx.hash,
    paging_token: tx.pagingToken,
    successful: tx.successful,
    hash: tx.hash,
    ledger: tx.ledger,
    created_at: horizonTime(tx.createdAt),
    source_account: tx.sourceAccount,
    source_account_sequence: tx.sourceAccountSequence.toString(),
    fee_account: tx.sourceAccount,
    fee_charged: tx.feeCharged.toString(),
    max_fee: tx.maxFee.toString(),
    operation_count: tx.operationCount,
    envelope_xdr: tx.envelopeXdr,
    result_xdr: tx.resultXdr,
    result_meta_xdr: placeholderMeta(tx.operationCount),
    fee_meta_xdr: EMPTY_FEE_META,
    memo_type: tx.memo.type,
    signatures: tx.signatures
  }
  // Horizon omits `memo` exactly when the type is none; `memo_bytes` exists for text memos only.
  if (tx.memo.type !== 'none') resource.memo = tx.memo.value
  if (tx.memoBytes !== undefined) resource.memo_bytes = tx.memoBytes
  const bounds = tx.timeBounds
  if (bounds !== undefined) {
    resource.valid_after = horizonTime(new Date(bounds.minTime * 1000))
    const timebounds: Record<string, string> = { min_time: String(bounds.minTime) }
    if (bounds.maxTime !== 0) {
      resource.valid_before = horizonTime(new Date(bounds.maxTime * 1000))
      timebounds.max_time = String(bounds.maxTime)
    }
    resource.preconditions = { timebounds }
  }
  return resource
}

export function operationResource(base: string, op: ChainOperationRecord): Pageable {
  const self = `${base}/operations/${op.id}`
  const resource: Json & { paging_token: string } = {
    _links: {
      self: link(self),
      transaction: link(`${base}/transactions/${op.transactionHash}`),
      effects: link(`${self}/effects`),
      succeeds: link(`${base}/effects?order=desc&cursor=${op.pagingToken}`),
      precedes: link(`${base}/effects?order=asc&cursor=${op.pagingToken}`)
    },
    id: op.id,
    paging_token: op.pagingToken,
    transaction_successful: op.transactionSuccessful,
    source_account: op.sourceAccount,
    type: op.operation.kind,
    type_i: op.operation.kind === 'payment' ? 1 : 0,
    created_at: horizonTime(op.createdAt),
    transaction_hash: op.transactionHash
  }
  if (op.operation.kind === 'payment') {
    resource.asset_type = 'native'
    resource.from = op.operation.from
    resource.to = op.operation.to
    resource.amount = amount(op.operation.amount)
  } else {
    resource.starting_balance = amount(op.operation.startingBalance)
    resource.funder = op.operation.funder
    resource.account = op.operation.account
  }
  if (op.transaction !== undefined) resource.transaction = transactionResource(base, op.transaction)
  return resource
}

export function ledgerResource(base: string, ledger: ChainLedgerRecord): Pageable {
  const self = `${base}/ledgers/${ledger.sequence}`
  return {
    _links: {
      self: link(self),
      transactions: template(`${self}/transactions{?cursor,limit,order}`),
      operations: template(`${self}/operations{?cursor,limit,order}`),
      payments: template(`${self}/payments{?cursor,limit,order}`),
      effects: template(`${self}/effects{?cursor,limit,order}`)
    },
    id: ledger.hash,
    paging_token: ledger.pagingToken,
    hash: ledger.hash,
    prev_hash: ledger.prevHash,
    sequence: ledger.sequence,
    successful_transaction_count: ledger.successfulTransactionCount,
    failed_transaction_count: ledger.failedTransactionCount,
    operation_count: ledger.operationCount,
    tx_set_operation_count: ledger.txSetOperationCount,
    closed_at: horizonTime(ledger.closedAt),
    total_coins: amount(ledger.totalCoins),
    fee_pool: amount(ledger.feePool),
    base_fee_in_stroops: ledger.baseFeeInStroops,
    base_reserve_in_stroops: ledger.baseReserveInStroops,
    max_tx_set_size: MAX_TX_SET_SIZE,
    protocol_version: PROTOCOL_VERSION,
    header_xdr: ledgerHeaderXdr(ledger)
  }
}

/** A well-formed LedgerHeader carrying the simulated values; hashes other than prev are zero. */
function ledgerHeaderXdr(ledger: ChainLedgerRecord): string {
  const zero = Buffer.alloc(32)
  return new xdr.LedgerHeader({
    ledgerVersion: PROTOCOL_VERSION,
    previousLedgerHash: Buffer.from(ledger.prevHash, 'hex'),
    scpValue: new xdr.StellarValue({
      txSetHash: zero,
      closeTime: new xdr.Uint64(BigInt(Math.floor(ledger.closedAt.getTime() / 1000))),
      upgrades: [],
      ext: xdr.StellarValueExt.stellarValueBasic()
    }),
    txSetResultHash: zero,
    bucketListHash: zero,
    ledgerSeq: ledger.sequence,
    totalCoins: new xdr.Int64(ledger.totalCoins),
    feePool: new xdr.Int64(ledger.feePool),
    inflationSeq: 0,
    idPool: new xdr.Uint64(0n),
    baseFee: ledger.baseFeeInStroops,
    baseReserve: ledger.baseReserveInStroops,
    maxTxSetSize: MAX_TX_SET_SIZE,
    skipList: [zero, zero, zero, zero],
    ext: new xdr.LedgerHeaderExt(0)
  }).toXDR('base64')
}
