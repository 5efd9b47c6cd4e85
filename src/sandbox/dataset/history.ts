// Writes one merchant history, slot by slot in time order: what each category of payment means
// for Pi's record (inserted straight into the Platform state) and for the ledger (queued on the
// LedgerStream), and the counts, ids and stroop totals the manifest reports.
import type { ChainMemo } from '../chain/types'
import { LIE_KINDS, misstatedAmount, type LieKind } from '../buyer/lies'
import { PAYMENT_IDENTIFIER_LENGTH } from '../platform/identifiers'
import { newStatus, WALLET_ADDRESS_SCOPE, type PaymentRecord, type SandboxApp } from '../platform/records'
import type { PlatformState } from '../platform/state'
import type { DatasetBuyer } from './population'
import type { Prng } from './prng'
import { APP_WALLET as APP, LedgerStream } from './ledger-stream'
import {
  DIRECT_TRANSFER_MEMOS,
  FULL_REFUND_SHARE,
  PAYMENT_CATEGORIES,
  PRICE_POINTS_STROOPS,
  SUBMISSION_DELAY_SECONDS,
  type PaymentCategory
} from './shares'

interface Refundable {
  readonly payment: PaymentRecord
  readonly settledAtMs: number
  readonly buyer: number
}

const PRODUCTS = ['apple pie', 'coffee', 'sticker pack', 'e-book', 'concert ticket', 'phone case', 'tea', 'gift card'].map(
  (name) => ({ name, memo: `Your ${name} from the shop` })
)
const REFUND_MEMO = 'Refund from the shop'
const REFUND_REASONS = ['out of stock', 'damaged item', 'customer request', 'duplicate order']

function emptyCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
}

function emptyLists<K extends string>(keys: readonly K[]): Record<K, string[]> {
  return Object.fromEntries(keys.map((k) => [k, [] as string[]])) as Record<K, string[]>
}

export class HistoryWriter {
  readonly countByCategory = emptyCounts(PAYMENT_CATEGORIES)
  readonly countByLie = emptyCounts(LIE_KINDS)
  readonly idsByCategory = emptyLists(PAYMENT_CATEGORIES)
  readonly idsByLie = emptyLists(LIE_KINDS)
  readonly directTransferTxids: string[] = []
  fullRefunds = 0
  partialRefunds = 0
  completedUserToApp = 0n
  completedAppToUser = 0n
  directTransferTotal = 0n
  readonly ledger: LedgerStream

  private lieCursor = 0
  private orderNumber = 0
  /** Completed sales of buyers who granted wallet_address, not yet refunded. */
  private readonly refundable: Refundable[] = []
  private readonly lastSettledTxidOf = new Map<number, string>()
  private lastSettledTxid: string | undefined
  /** Buyers without an open U2A payment (Pi blocks the others from paying). */
  private readonly free: number[]
  private readonly freeSlot: Int32Array

  constructor(
    private readonly prng: Prng,
    private readonly platform: PlatformState,
    private readonly app: SandboxApp,
    private readonly buyers: readonly DatasetBuyer[],
    rootAddress: string
  ) {
    this.ledger = new LedgerStream(prng, rootAddress, app.walletPublicKey, buyers.map((buyer) => buyer.address))
    this.free = buyers.map((_, i) => i)
    this.freeSlot = Int32Array.from(buyers, (_, i) => i)
  }

  write(category: PaymentCategory, at: Date): void {
    switch (category) {
      case 'refund':
      case 'refund_in_flight':
        if (this.writeRefund(at, category === 'refund')) return
        // Nothing refundable yet: this slot is a sale instead.
        return this.writeSale('completed', at)
      default:
        return this.writeSale(category, at)
    }
  }

  writeDirectTransfer(at: Date): void {
    const buyer = this.prng.int(this.buyers.length)
    const amount = this.price()
    const note = this.prng.pick(DIRECT_TRANSFER_MEMOS)
    const memo: ChainMemo = note === null ? { type: 'none' } : { type: 'text', value: note }
    const hash = this.transfer(buyer, APP, amount, memo, at.getTime(), true)
    this.directTransferTxids.push(hash)
    this.directTransferTotal += amount
  }

  private writeSale(category: Exclude<PaymentCategory, 'refund' | 'refund_in_flight'>, at: Date): void {
    const buyer = this.pickFreeBuyer()
    const payment = this.newSale(buyer, at)
    const status = payment.status
    switch (category) {
      case 'completed': {
        const settledAtMs = this.later(at)
        const txid = this.settle(buyer, payment, settledAtMs)
        status.developerCompleted = true
        this.completedUserToApp += payment.amount
        this.lastSettledTxidOf.set(buyer, txid)
        this.lastSettledTxid = txid
        if (this.buyerAt(buyer).user.scopes.includes(WALLET_ADDRESS_SCOPE)) this.refundable.push({ payment, settledAtMs, buyer })
        break
      }
      case 'cancelled':
        status.cancelled = true
        break
      case 'expired':
        status.developerApproved = false
        status.cancelled = true
        payment.approvalDeadlineMs = this.approvalDeadlineMs(at)
        break
      case 'user_cancelled':
        status.developerApproved = this.prng.chance(0.5)
        status.userCancelled = true
        if (!status.developerApproved) payment.approvalDeadlineMs = this.approvalDeadlineMs(at)
        break
      case 'incomplete_with_tx':
        this.settle(buyer, payment, this.later(at))
        this.block(buyer)
        break
      case 'incomplete_without_tx':
        this.block(buyer)
        break
      case 'lying':
        this.lie(buyer, payment, at)
        this.block(buyer)
        break
    }
    this.record(category, payment)
  }

  private newSale(buyer: number, at: Date): PaymentRecord {
    const { user, address } = this.buyerAt(buyer)
    const product = this.prng.pick(PRODUCTS)
    return {
      identifier: this.prng.base62(PAYMENT_IDENTIFIER_LENGTH),
      app: this.app,
      userUid: user.uid,
      amount: this.price(),
      // Shared strings and a small integer: a million payments must not hold a million memos.
      memo: product.memo,
      metadata: { order_number: ++this.orderNumber, product: product.name },
      fromAddress: address,
      toAddress: this.app.walletPublicKey,
      direction: 'user_to_app',
      createdAtMs: at.getTime(),
      status: newStatus(true),
      transaction: null,
      // Only an unapproved payment needs its deadline; the few that stay unapproved get one.
      approvalDeadlineMs: null
    }
  }

  /** The honest transaction of a sale, verified and linked by Pi. */
  private settle(buyer: number, payment: PaymentRecord, landsAtMs: number): string {
    const txid = this.transfer(buyer, APP, payment.amount, this.memoOf(payment), landsAtMs, true)
    payment.transaction = { txid, verified: true }
    payment.status.transactionVerified = true
    return txid
  }

  private lie(buyer: number, payment: PaymentRecord, at: Date): void {
    let kind = LIE_KINDS[this.lieCursor++ % LIE_KINDS.length] as LieKind
    const replayable = this.lastSettledTxidOf.get(buyer) ?? this.lastSettledTxid
    if (kind === 'replayed_txid' && replayable === undefined) kind = 'wrong_memo'
    const when = this.later(at)
    let txid: string
    switch (kind) {
      case 'wrong_amount':
        txid = this.transfer(buyer, APP, misstatedAmount(payment.amount), this.memoOf(payment), when, true)
        break
      case 'wrong_memo':
        txid = this.transfer(buyer, APP, payment.amount, { type: 'text', value: this.prng.base62(PAYMENT_IDENTIFIER_LENGTH) }, when, true)
        break
      case 'wrong_destination':
        txid = this.transfer(buyer, (buyer + 1) % this.buyers.length, payment.amount, this.memoOf(payment), when, true)
        break
      case 'failed_transaction':
        txid = this.transfer(buyer, APP, payment.amount, this.memoOf(payment), when, false)
        break
      case 'other_network':
        // Landed on the other Pi network, which this dataset does not load: unknown here.
        txid = this.prng.hex64()
        break
      case 'replayed_txid':
        txid = replayable as string
        break
    }
    payment.transaction = { txid, verified: false }
    this.countByLie[kind]++
    this.idsByLie[kind].push(payment.identifier)
  }

  private writeRefund(slotTime: Date, complete: boolean): boolean {
    if (this.refundable.length === 0) return false
    const pickAt = this.prng.int(this.refundable.length)
    const sale = this.refundable[pickAt] as Refundable
    this.refundable[pickAt] = this.refundable[this.refundable.length - 1] as typeof sale
    this.refundable.pop()
    // A refund follows the sale's transaction, even when their slots are closer than its delay.
    const at = new Date(Math.max(slotTime.getTime(), sale.settledAtMs + 60_000))
    const full = sale.payment.amount === 1n || this.prng.chance(FULL_REFUND_SHARE)
    const amount = full ? sale.payment.amount : 1n + ((sale.payment.amount - 1n) * BigInt(10 + this.prng.int(80))) / 100n
    const refund: PaymentRecord = {
      identifier: this.prng.base62(PAYMENT_IDENTIFIER_LENGTH),
      app: this.app,
      userUid: sale.payment.userUid,
      amount,
      memo: REFUND_MEMO,
      metadata: { refund_of: sale.payment.identifier, reason: this.prng.pick(REFUND_REASONS) },
      fromAddress: this.app.walletPublicKey,
      toAddress: sale.payment.fromAddress,
      direction: 'app_to_user',
      createdAtMs: at.getTime(),
      status: newStatus(true),
      transaction: null,
      approvalDeadlineMs: null
    }
    const txid = this.transfer(APP, sale.buyer, amount, this.memoOf(refund), this.later(at), true)
    if (complete) {
      refund.transaction = { txid, verified: true }
      refund.status.transactionVerified = true
      refund.status.developerCompleted = true
      this.completedAppToUser += amount
      if (full) this.fullRefunds++
      else this.partialRefunds++
    }
    this.record(complete ? 'refund' : 'refund_in_flight', refund)
    return true
  }

  private transfer(from: number, to: number, amount: bigint, memo: ChainMemo, atMs: number, successful: boolean): string {
    return this.ledger.transfer(from, to, amount, memo, atMs, successful)
  }

  private record(category: PaymentCategory, payment: PaymentRecord): void {
    this.platform.insert(payment)
    this.countByCategory[category]++
    this.idsByCategory[category].push(payment.identifier)
  }

  private memoOf(payment: PaymentRecord): ChainMemo {
    return { type: 'text', value: payment.identifier }
  }

  private approvalDeadlineMs(at: Date): number {
    return at.getTime() + this.platform.rules.approvalWindowMs
  }

  /** When a transaction lands: a few seconds to a minute and a half after its payment was created. */
  private later(at: Date): number {
    const { min, max } = SUBMISSION_DELAY_SECONDS
    return at.getTime() + (min + this.prng.int(max - min + 1)) * 1000
  }

  private price(): bigint {
    return this.prng.pick(PRICE_POINTS_STROOPS)
  }

  private buyerAt(index: number): DatasetBuyer {
    const buyer = this.buyers[index]
    if (buyer === undefined) throw new Error(`No dataset buyer #${index}.`)
    return buyer
  }

  private pickFreeBuyer(): number {
    // When every buyer is blocked (tiny buyer counts), Pi's rule yields to the requested shares.
    if (this.free.length === 0) return this.prng.int(this.buyers.length)
    return this.free[this.prng.int(this.free.length)] as number
  }

  private block(buyer: number): void {
    const slot = this.freeSlot[buyer] ?? -1
    if (slot < 0) return
    const last = this.free.pop() as number
    if (last !== buyer) {
      this.free[slot] = last
      this.freeSlot[last] = slot
    }
    this.freeSlot[buyer] = -1
  }
}
