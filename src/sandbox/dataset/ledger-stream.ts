// The dataset's transactions on their way to the chain's bulk import. They are queued as the
// history is written and stream out in landing order (no whole-history array: a million payments
// load in seconds). Balances are tracked as transactions land, so a buyer about to overspend first
// receives a top-up from the root account (Pi they got elsewhere), and every record the import is
// told succeeded does succeed on the ledger.
import type { HistoryRecord } from '../chain/import-history'
import type { ChainMemo } from '../chain/types'
import type { Prng } from './prng'
import { BUYER_OPENING_STROOPS, BUYER_TOP_UP_STROOPS, DATASET_FEE_STROOPS } from './shares'
import { TimeQueue, type Timed } from './time-queue'

/** The app wallet, where a buyer index is expected. */
export const APP_WALLET = -1

interface PendingTransfer extends Timed {
  readonly hash: string
  readonly from: number
  readonly to: number
  readonly amount: bigint
  readonly memo: ChainMemo
  readonly successful: boolean
}

const UNDERFUNDED = { transaction: 'tx_failed', operations: ['op_underfunded'] } as const
/** A wallet never goes under this: the 1 Pi minimum balance and a cushion. */
const WALLET_FLOOR_STROOPS = 2n * 10_000_000n

export class LedgerStream {
  /** Root-account top-ups so far. */
  topUps = 0
  /** Records handed to the import so far (openings and top-ups included). */
  landed = 0
  /** Successful native payments into / out of the app wallet, queued so far. */
  receivedOnChain = 0n
  paidOutOnChain = 0n

  private readonly queue = new TimeQueue<PendingTransfer>()
  private readonly balances: bigint[]
  private appBalance = 0n
  private queued = 0

  constructor(
    private readonly prng: Prng,
    private readonly rootAddress: string,
    private readonly appWallet: string,
    private readonly buyerAddresses: readonly string[]
  ) {
    this.balances = buyerAddresses.map(() => 0n)
  }

  /** Opening balances, all at `at`: every buyer's wallet, and the app wallet (created or topped up). */
  *open(at: Date, appWalletOpening: bigint, appWalletExists: boolean): Generator<HistoryRecord> {
    for (let i = 0; i < this.buyerAddresses.length; i++) {
      this.balances[i] = BUYER_OPENING_STROOPS
      yield this.fromRoot(at, this.address(i), BUYER_OPENING_STROOPS, true)
    }
    this.appBalance = appWalletOpening
    yield this.fromRoot(at, this.appWallet, appWalletOpening, !appWalletExists)
    this.landed += this.buyerAddresses.length + 1
  }

  /** Queues a one-operation native payment landing at `atMs`; returns its hash. */
  transfer(from: number, to: number, amount: bigint, memo: ChainMemo, atMs: number, successful: boolean): string {
    const hash = this.prng.hex64()
    this.queue.push({ atMs, seq: this.queued++, hash, from, to, amount, memo, successful })
    if (successful && to === APP_WALLET) this.receivedOnChain += amount
    if (successful && from === APP_WALLET) this.paidOutOnChain += amount
    return hash
  }

  /** Every transaction landing at or before `untilMs`, preceded by any top-up it needs. */
  *land(untilMs: number): Generator<HistoryRecord> {
    for (let next = this.queue.popUntil(untilMs); next !== undefined; next = this.queue.popUntil(untilMs)) {
      const spend = (next.successful ? next.amount : 0n) + DATASET_FEE_STROOPS
      if (next.from === APP_WALLET) {
        // Refunds follow their sale's revenue and the opening covers every fee: cannot run dry.
        if (this.appBalance - spend < WALLET_FLOOR_STROOPS) throw new Error('The dataset app wallet would run dry.')
        this.appBalance -= spend
      } else {
        const balance = this.balances[next.from] ?? 0n
        if (balance - spend < WALLET_FLOOR_STROOPS) {
          const topUp = spend + BUYER_TOP_UP_STROOPS
          this.balances[next.from] = balance + topUp
          this.topUps++
          this.landed++
          yield this.fromRoot(next.atMs, this.address(next.from), topUp, false)
        }
        this.balances[next.from] = (this.balances[next.from] ?? 0n) - spend
      }
      if (next.successful) {
        if (next.to === APP_WALLET) this.appBalance += next.amount
        else this.balances[next.to] = (this.balances[next.to] ?? 0n) + next.amount
      }
      this.landed++
      const source = this.address(next.from)
      const record: HistoryRecord = {
        hash: next.hash,
        createdAt: next.atMs,
        source,
        memo: next.memo,
        operations: [{ kind: 'payment', from: source, to: this.address(next.to), amount: next.amount }],
        feeCharged: DATASET_FEE_STROOPS
      }
      yield next.successful ? record : { ...record, successful: false, resultCodes: UNDERFUNDED }
    }
  }

  private address(index: number): string {
    if (index === APP_WALLET) return this.appWallet
    const address = this.buyerAddresses[index]
    if (address === undefined) throw new Error(`No dataset buyer #${index}.`)
    return address
  }

  private fromRoot(at: Date | number, address: string, amount: bigint, create: boolean): HistoryRecord {
    const root = this.rootAddress
    return {
      createdAt: at,
      source: root,
      hash: this.prng.hex64(),
      operations: [
        create
          ? { kind: 'create_account', funder: root, account: address, startingBalance: amount }
          : { kind: 'payment', from: root, to: address, amount }
      ]
    }
  }
}
