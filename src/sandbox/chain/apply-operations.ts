// Apply-time semantics of the two operations Pi apps use, as stellar-core applies them. The fee
// and sequence bump happen before this (they stick even when an operation fails); here every
// operation runs in order and, if any fails, all balance changes of the transaction roll back.
import type { AccountState, AddressBook } from './address-book'
import { INT64_MAX, minimumBalance } from './constants'

export interface LedgerOperation {
  readonly type: 'payment' | 'create_account'
  /** Address-book indexes. */
  readonly source: number
  readonly target: number
  readonly amount: bigint
  readonly native: boolean
  readonly sourceIsIssuer: boolean
}

export interface ApplyContext {
  readonly book: AddressBook
  readonly baseReserve: number
  readonly ledgerSequence: number
  readonly closedAtMs: number
}

export interface ApplyResult {
  readonly success: boolean
  /** One Horizon code per operation, in order (`op_success` for those that applied). */
  readonly codes: readonly string[]
}

interface Undo {
  readonly index: number
  readonly before: AccountState | undefined
}

export function applyOperations(operations: readonly LedgerOperation[], ctx: ApplyContext): ApplyResult {
  // Each operation checks everything before it writes, so a single-operation transaction never
  // needs undoing; only earlier operations of a longer one do.
  const undo: Undo[] | undefined = operations.length > 1 ? [] : undefined
  const codes: string[] = []
  let success = true
  for (const op of operations) {
    const code = op.type === 'payment' ? pay(op, ctx, undo) : createAccount(op, ctx, undo)
    codes.push(code)
    if (code !== 'op_success') success = false
  }
  if (!success && undo !== undefined) {
    for (let i = undo.length - 1; i >= 0; i--) {
      const entry = undo[i]
      if (entry !== undefined) ctx.book.accounts[entry.index] = entry.before
    }
  }
  return { success, codes }
}

function available(account: AccountState, baseReserve: number): bigint {
  return account.balance - minimumBalance(account.subentryCount, baseReserve)
}

function remember(ctx: ApplyContext, undo: Undo[] | undefined, index: number): void {
  if (undo === undefined) return
  const current = ctx.book.accounts[index]
  undo.push({ index, before: current === undefined ? undefined : { ...current } })
}

function touch(account: AccountState, ctx: ApplyContext): void {
  account.lastModifiedLedger = ctx.ledgerSequence
  account.lastModifiedAtMs = ctx.closedAtMs
}

function pay(op: LedgerOperation, ctx: ApplyContext, undo: Undo[] | undefined): string {
  const { book } = ctx
  const source = book.accounts[op.source]
  const target = book.accounts[op.target]
  if (source === undefined) return 'op_no_source_account'
  if (target === undefined) return 'op_no_destination'
  // No trustlines exist in the simulator: only the issuer could send its asset, and nobody can hold it.
  if (!op.native) return op.sourceIsIssuer ? 'op_no_trust' : 'op_src_no_trust'
  if (op.source === op.target) return 'op_success'
  if (available(source, ctx.baseReserve) < op.amount) return 'op_underfunded'
  if (target.balance > INT64_MAX - op.amount) return 'op_line_full'
  remember(ctx, undo, op.source)
  remember(ctx, undo, op.target)
  const payer = book.accounts[op.source] as AccountState
  const payee = book.accounts[op.target] as AccountState
  payer.balance -= op.amount
  payee.balance += op.amount
  touch(payer, ctx)
  touch(payee, ctx)
  return 'op_success'
}

function createAccount(op: LedgerOperation, ctx: ApplyContext, undo: Undo[] | undefined): string {
  const { book } = ctx
  const funder = book.accounts[op.source]
  if (funder === undefined) return 'op_no_source_account'
  if (book.accounts[op.target] !== undefined) return 'op_already_exists'
  if (op.amount < minimumBalance(0, ctx.baseReserve)) return 'op_low_reserve'
  if (available(funder, ctx.baseReserve) < op.amount) return 'op_underfunded'
  remember(ctx, undo, op.source)
  remember(ctx, undo, op.target)
  const payer = book.accounts[op.source] as AccountState
  payer.balance -= op.amount
  touch(payer, ctx)
  book.accounts[op.target] = {
    balance: op.amount,
    // stellar-core starts a new account's sequence at its creation ledger << 32.
    sequence: BigInt(ctx.ledgerSequence) << 32n,
    subentryCount: 0,
    lastModifiedLedger: ctx.ledgerSequence,
    lastModifiedAtMs: ctx.closedAtMs,
    sequenceLedger: 0,
    sequenceAtMs: 0
  }
  return 'op_success'
}
