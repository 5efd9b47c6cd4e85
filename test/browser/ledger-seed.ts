// A merchant's ledger written straight into the real database (the rows a sync would store):
// U2A sales in every state, a failed chain check, refunds paid from the app wallet, and the app
// wallet's chain transactions with their fees. Deterministic: tests compute what the screen must
// show from the same description.
import { createHash } from 'node:crypto'
import type { MerchantDb } from '../../src/main/db'
import { formatPi } from '../../src/shared/money'

export const FEE_STROOPS = 100_000n // 0.01 Pi per transaction

export type SeedKind = 'completed' | 'submitted' | 'created' | 'user_cancelled' | 'failed_check'

export interface SeededPayment {
  readonly identifier: string
  readonly index: number
  readonly kind: SeedKind
  readonly direction: 'user_to_app' | 'app_to_user'
  readonly amountStroops: bigint
  readonly amount: string
  readonly createdAt: Date
  readonly userUid: string
  readonly memo: string
  readonly txid: string | null
  readonly refundOf: string | null
}

export interface SeedOptions {
  /** U2A sales; refunds come on top. */
  readonly sales: number
  /** The newest sale is this long before now. */
  readonly newestAgeMs?: number
  readonly spacingMs?: number
  /** Indexes of sales that get a refund of half their amount, one minute after the sale. */
  readonly refunded?: readonly number[]
  readonly now?: Date
  /** Every sale completed and verified on chain (no submitted, cancelled or failed ones). */
  readonly allCompleted?: boolean
}

const MEMOS = ['Coffee beans 250g', 'Monthly subscription', 'Sticker pack', 'Tea sampler']

export function paymentId(prefix: string, index: number): string {
  return `${prefix}${String(index).padStart(28 - prefix.length, '0')}`
}

function address(prefix: string, index: number): string {
  // Base32 digits only (A-Z, 2-7): index written in letters.
  const letters = index
    .toString(26)
    .split('')
    .map((digit) => String.fromCharCode(65 + parseInt(digit, 26)))
    .join('')
  return `G${prefix}${letters}`.padEnd(56, 'Q')
}

function txidOf(identifier: string): string {
  return createHash('sha256').update(identifier).digest('hex')
}

export function saleKind(index: number): SeedKind {
  if (index % 10 === 0) return 'submitted'
  if (index % 10 === 1) return 'created'
  if (index % 10 === 2) return 'user_cancelled'
  if (index % 10 === 5) return 'failed_check'
  return 'completed'
}

export function describeSeed(options: SeedOptions): SeededPayment[] {
  const now = options.now ?? new Date()
  const spacing = options.spacingMs ?? 37 * 60_000
  const newest = now.getTime() - (options.newestAgeMs ?? 30 * 60_000)
  const payments: SeededPayment[] = []
  for (let index = 0; index < options.sales; index++) {
    const kind = options.allCompleted ? 'completed' : saleKind(index)
    const identifier = paymentId('SALE', index)
    // Between 0.1 and 250 Pi, every one different, most with stroops that do not round.
    const amountStroops = (BigInt((index * 7919) % 2500) + 1n) * 1_000_000n + BigInt(index * 37)
    payments.push({
      identifier,
      index,
      kind,
      direction: 'user_to_app',
      amountStroops,
      amount: formatPi(amountStroops),
      createdAt: new Date(newest - (options.sales - 1 - index) * spacing),
      userUid: `buyer-${index % 40}`,
      memo: index % 13 === 0 ? 'Honey jar 500g' : (MEMOS[index % MEMOS.length] ?? ''),
      txid: kind === 'created' || kind === 'user_cancelled' ? null : txidOf(identifier),
      refundOf: null
    })
  }
  for (const index of options.refunded ?? []) {
    const sale = payments[index]
    if (!sale) throw new Error(`No sale ${index} to refund`)
    const identifier = paymentId('REFUND', index)
    const amountStroops = sale.amountStroops / 2n
    payments.push({
      identifier,
      index,
      kind: 'completed',
      direction: 'app_to_user',
      amountStroops,
      amount: formatPi(amountStroops),
      createdAt: new Date(sale.createdAt.getTime() + 60_000),
      userUid: sale.userUid,
      memo: `Refund of ${sale.identifier}`,
      txid: txidOf(identifier),
      refundOf: sale.identifier
    })
  }
  return payments
}

/** `appWallet`: the wallet the app is configured with; sales pay it, refunds come from it. */
export function seedLedger(store: MerchantDb, appWallet: string, payments: readonly SeededPayment[]): void {
  const { sqlite } = store
  const insertPayment = sqlite.prepare(`
    INSERT INTO payments (
      identifier, network_id, user_uid, amount_stroops, memo, metadata_json, from_address, to_address,
      direction, created_at, network, developer_approved, transaction_verified, developer_completed,
      cancelled, user_cancelled, txid, tx_verified, tx_link, source, refund_of, chain_check,
      chain_check_reasons_json, chain_checked_at, first_seen_at, last_polled_at
    ) VALUES (
      @identifier, 'sandbox', @userUid, @amount, @memo, @metadata, @from, @to,
      @direction, @createdAt, 'Pi Testnet', @approved, @verified, @completed,
      0, @userCancelled, @txid, @txVerified, @txLink, @source, @refundOf, @chainCheck,
      @reasons, @checkedAt, @createdAt, @createdAt
    )`)
  const insertTransaction = sqlite.prepare(`
    INSERT INTO chain_transactions (
      network_id, hash, ledger, created_at, source_account, fee_charged_stroops, max_fee_stroops,
      operation_count, successful, memo_type, memo, paging_token
    ) VALUES ('sandbox', @hash, @ledger, @createdAt, @source, @fee, @fee, 1, 1, 'text', @memo, @token)`)
  const insertOperation = sqlite.prepare(`
    INSERT INTO chain_operations (
      network_id, id, paging_token, transaction_hash, type, from_address, to_address, amount_stroops,
      created_at, successful, classification, payment_identifier
    ) VALUES ('sandbox', @id, @id, @hash, 'payment', @from, @to, @amount, @createdAt, 1, 'pi_payment', @identifier)`)

  sqlite.transaction(() => {
    // Sales first: a refund row references its sale.
    const ordered = [...payments].sort((a, b) => Number(a.refundOf !== null) - Number(b.refundOf !== null))
    ordered.forEach((payment, position) => {
      const buyer = address('BUYER', payment.index % 40)
      const fromApp = payment.direction === 'app_to_user'
      const onChain = payment.txid !== null && payment.kind !== 'submitted'
      const completed = payment.kind === 'completed' || payment.kind === 'failed_check'
      const createdAt = payment.createdAt.getTime()
      insertPayment.run({
        identifier: payment.identifier,
        userUid: payment.userUid,
        amount: payment.amountStroops,
        memo: payment.memo,
        metadata: JSON.stringify({ orderId: 1000 + payment.index, channel: 'web shop' }),
        from: fromApp ? appWallet : buyer,
        to: fromApp ? buyer : appWallet,
        direction: payment.direction,
        createdAt,
        approved: payment.kind === 'created' || payment.kind === 'user_cancelled' ? 0 : 1,
        verified: completed ? 1 : 0,
        completed: completed ? 1 : 0,
        userCancelled: payment.kind === 'user_cancelled' ? 1 : 0,
        txid: payment.txid,
        txVerified: payment.txid === null ? null : completed ? 1 : 0,
        txLink: payment.txid === null ? null : `http://127.0.0.1/horizon/transactions/${payment.txid}`,
        source: fromApp ? 'payout' : 'chain',
        refundOf: payment.refundOf,
        chainCheck: payment.kind === 'failed_check' ? 'failed' : onChain ? 'verified' : 'unchecked',
        reasons: payment.kind === 'failed_check' ? JSON.stringify(['amount_mismatch']) : null,
        checkedAt: payment.kind === 'failed_check' || onChain ? createdAt + 30_000 : null
      })
      if (payment.txid === null) return
      insertTransaction.run({
        hash: payment.txid,
        ledger: 100_000 + position,
        createdAt: createdAt + 20_000,
        source: fromApp ? appWallet : buyer,
        fee: FEE_STROOPS,
        memo: payment.identifier,
        token: String(4_000_000_000 + position)
      })
      insertOperation.run({
        id: String(5_000_000_000 + position),
        hash: payment.txid,
        from: fromApp ? appWallet : buyer,
        to: fromApp ? buyer : appWallet,
        amount: payment.amountStroops,
        createdAt: createdAt + 20_000,
        identifier: payment.identifier
      })
    })
  })()
}
