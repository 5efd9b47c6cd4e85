// A small, seeded merchant world behind the two client interfaces the sync engine uses: Pi's
// records of one app and the chain history of its wallet, as the real clients would return them
// (validated domain records). Every call is counted, and any call can be made to fail, so the
// unit tests can assert on requests and inject faults without a network.
import {
  HorizonError,
  type AccountPaymentRecord,
  type ChainOperation,
  type PaymentStreamOptions,
  type TransactionRecord
} from '../../../src/main/horizon'
import { PiApiError } from '../../../src/main/pi'
import type { SyncHorizon, SyncPi } from '../../../src/main/sync'
import { readPayment, type ChainCheck } from '../../../src/shared/payments'

export type SaleKind =
  | 'completed'
  | 'incomplete_with_tx'
  | 'incomplete_without_tx'
  | 'cancelled'
  | 'wrong_amount'
  | 'wrong_memo'
  | 'failed_tx'
  | 'wrong_destination'
  | 'other_network'
  | 'refund'
  | 'refund_in_flight'
  | 'direct_transfer'

const KINDS: readonly SaleKind[] = [
  'completed', 'completed', 'completed', 'completed', 'completed',
  'incomplete_with_tx', 'incomplete_without_tx', 'cancelled', 'wrong_amount', 'wrong_memo',
  'failed_tx', 'wrong_destination', 'other_network', 'refund', 'direct_transfer'
]

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const START = Date.UTC(2025, 0, 1)

export type CallName = 'getPayment' | 'incompleteServerPayments' | 'checkNetwork' | 'paymentsPage' | 'transaction' | 'transactionOperations'

export interface ExpectedPayment {
  readonly kind: SaleKind
  /** Whether a sync of the wallet's history alone finds it. */
  readonly onChain: boolean
  readonly check: ChainCheck
}

export class FakeWorld {
  readonly appWallet: string
  readonly passphrase = 'Pi Testnet'
  readonly buyers: string[]
  /** The wallet's history, oldest first, as GET /accounts/{wallet}/payments returns it. */
  readonly history: AccountPaymentRecord[] = []
  readonly transactions = new Map<string, { tx: TransactionRecord; ops: ChainOperation[] }>()
  readonly piRecords = new Map<string, Record<string, unknown>>()
  readonly expected = new Map<string, ExpectedPayment>()
  readonly calls: Record<CallName, number> = {
    getPayment: 0, incompleteServerPayments: 0, checkNetwork: 0, paymentsPage: 0, transaction: 0, transactionOperations: 0
  }
  /** getPayment calls per payment id. */
  readonly fetchedIds = new Map<string, number>()
  /** Live streams opened by the engine; a test plays Horizon by calling their listeners. */
  readonly streams: { options: PaymentStreamOptions; stopped: boolean }[] = []
  /** What Horizon's `GET /` reports. */
  servedPassphrase = 'Pi Testnet'
  /** What the key is: this app's, another app's, or refused. */
  key: 'valid' | 'other_app' | 'rejected' = 'valid'
  /** A fault for the next matching calls: return an error to throw, or undefined to answer normally. */
  fault: ((call: CallName, arg: string | null) => Error | undefined) | null = null

  private state: number
  private ledger = 1000
  private clock = START

  constructor(seed: number, sales: number) {
    this.state = seed >>> 0 || 1
    this.appWallet = this.address()
    this.buyers = Array.from({ length: 6 }, () => this.address())
    this.fund()
    for (let i = 0; i < sales; i += 1) this.addSale(KINDS[this.int(KINDS.length)] as SaleKind)
    // Pi lists it in incomplete_server_payments although its Pi already moved on chain.
    if (sales > 0) this.addSale('refund_in_flight')
  }

  // --- what the world contains

  addSale(kind: SaleKind): string {
    const buyer = this.buyers[this.int(this.buyers.length)] as string
    const id = this.identifier()
    const amount = BigInt(1 + this.int(50)) * 1_000_000n + BigInt(this.int(7))
    const refund = kind === 'refund' || kind === 'refund_in_flight'
    const parties = refund
      ? { from: this.appWallet, to: buyer, direction: 'app_to_user' }
      : { from: buyer, to: this.appWallet, direction: 'user_to_app' }
    const dto = (extra: Record<string, unknown>, status: Record<string, boolean>) =>
      this.piRecords.set(id, piDto(id, amount, parties, this.clock, extra, status))
    const tx = (memo: string | null, pay: bigint, successful = true, from = buyer, to = this.appWallet) =>
      this.addTransaction({ memo, from, to, amount: pay, successful })
    switch (kind) {
      case 'completed': {
        const hash = tx(id, amount)
        dto({ transaction: link(hash, true) }, { developer_approved: true, transaction_verified: true, developer_completed: true })
        this.expect(id, kind, true, { outcome: 'verified' })
        break
      }
      case 'incomplete_with_tx': {
        const hash = tx(id, amount)
        dto({ transaction: link(hash, true) }, { developer_approved: true, transaction_verified: true })
        this.expect(id, kind, true, { outcome: 'verified' })
        break
      }
      case 'incomplete_without_tx':
        dto({ transaction: null }, { developer_approved: true })
        this.expect(id, kind, false, { outcome: 'unchecked' })
        break
      case 'cancelled':
        dto({ transaction: null }, { developer_approved: true, cancelled: true })
        this.expect(id, kind, false, { outcome: 'unchecked' })
        break
      case 'wrong_amount': {
        const hash = tx(id, amount / 2n)
        dto({ transaction: link(hash, false) }, { developer_approved: true })
        this.expect(id, kind, true, { outcome: 'failed', reasons: ['amount_mismatch'] })
        break
      }
      case 'wrong_memo': {
        const hash = tx(this.identifier(), amount)
        dto({ transaction: link(hash, false) }, { developer_approved: true })
        this.expect(id, kind, false, { outcome: 'failed', reasons: ['memo_mismatch'] })
        break
      }
      case 'failed_tx': {
        const hash = tx(id, amount, false)
        dto({ transaction: link(hash, false) }, { developer_approved: true })
        this.expect(id, kind, true, { outcome: 'failed', reasons: ['transaction_failed'] })
        break
      }
      case 'wrong_destination': {
        const friend = this.buyers.find((other) => other !== buyer) as string
        const hash = tx(id, amount, true, buyer, friend)
        dto({ transaction: link(hash, false) }, { developer_approved: true })
        this.expect(id, kind, false, { outcome: 'failed', reasons: ['destination_mismatch'] })
        break
      }
      case 'other_network': {
        dto({ transaction: link(this.hex64(), false) }, { developer_approved: true })
        this.expect(id, kind, false, { outcome: 'failed', reasons: ['not_found'] })
        break
      }
      case 'refund': {
        const hash = tx(id, amount, true, this.appWallet, buyer)
        dto({ transaction: link(hash, true) }, { developer_approved: true, transaction_verified: true, developer_completed: true })
        this.expect(id, kind, true, { outcome: 'verified' })
        break
      }
      case 'refund_in_flight': {
        tx(id, amount, true, this.appWallet, buyer)
        dto({ transaction: null }, { developer_approved: true })
        this.expect(id, kind, true, { outcome: 'verified' })
        break
      }
      case 'direct_transfer':
        tx(this.int(2) === 0 ? null : 'thanks!', amount)
        return ''
    }
    return id
  }

  /** Pi's record changes (the shop completes a payment). */
  complete(id: string): void {
    const record = this.piRecords.get(id) as { status: Record<string, boolean> }
    record.status = { ...record.status, developer_completed: true }
  }

  incompleteIds(): string[] {
    return [...this.piRecords.values()]
      .filter((r) => r.direction === 'app_to_user' && !(r.status as Record<string, boolean>).developer_completed)
      .map((r) => r.identifier as string)
  }

  // --- the two clients

  pi(): SyncPi {
    return {
      getPayment: async (id) => {
        this.enter('getPayment', id)
        this.fetchedIds.set(id, (this.fetchedIds.get(id) ?? 0) + 1)
        const record = this.key === 'valid' ? this.piRecords.get(id) : undefined
        if (record === undefined) throw new PiApiError({ code: 'payment_not_found', httpStatus: 404 })
        return readPayment(structuredClone(record))
      },
      incompleteServerPayments: async () => {
        this.enter('incompleteServerPayments', null)
        if (this.key !== 'valid') return []
        return this.incompleteIds().map((id) => readPayment(structuredClone(this.piRecords.get(id))))
      }
    }
  }

  horizon(): SyncHorizon {
    return {
      expectedPassphrase: 'Pi Testnet',
      checkNetwork: async () => {
        this.enter('checkNetwork', null)
        if (this.servedPassphrase !== 'Pi Testnet') {
          throw new HorizonError({ code: 'wrong_network', httpStatus: 200, message: `This Horizon serves '${this.servedPassphrase}'.` })
        }
        return { passphrase: this.servedPassphrase, horizonVersion: null, coreVersion: null, historyLatestLedger: this.ledger }
      },
      paymentsPage: async ({ cursor = null, limit = 200 }) => {
        this.enter('paymentsPage', cursor)
        const after = cursor === null ? -1n : BigInt(cursor)
        const records = this.history.filter((r) => BigInt(r.pagingToken) > after).slice(0, limit)
        return { records, cursor: records.at(-1)?.pagingToken ?? cursor, lastPage: records.length < limit }
      },
      transaction: async (hash) => {
        this.enter('transaction', hash)
        return this.transactions.get(hash)?.tx ?? null
      },
      transactionOperations: async (hash) => {
        this.enter('transactionOperations', hash)
        return this.transactions.get(hash)?.ops ?? null
      },
      streamPayments: (options) => {
        const stream = { options, stopped: false }
        this.streams.push(stream)
        return () => {
          stream.stopped = true
        }
      }
    }
  }

  totalCalls(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0)
  }

  resetCalls(): void {
    for (const name of Object.keys(this.calls) as CallName[]) this.calls[name] = 0
    this.fetchedIds.clear()
  }

  // --- internals

  private enter(call: CallName, arg: string | null): void {
    this.calls[call] += 1
    if (call === 'incompleteServerPayments' || call === 'getPayment') {
      if (this.key === 'rejected') throw new PiApiError({ code: 'pi_key_rejected', httpStatus: 401 })
    }
    const error = this.fault?.(call, arg)
    if (error !== undefined) throw error
  }

  private fund(): void {
    const funder = this.address()
    const hash = this.hex64()
    const tx = this.txRecord(hash, null, true, funder)
    const op: ChainOperation = { ...this.opCommon(hash), kind: 'create_account', funder, account: this.appWallet, startingBalance: 1_000_000_000n }
    this.transactions.set(hash, { tx, ops: [op] })
    this.history.push({ ...op, transaction: tx } as AccountPaymentRecord)
  }

  private addTransaction(args: { memo: string | null; from: string; to: string; amount: bigint; successful: boolean }): string {
    const hash = this.hex64()
    const tx = this.txRecord(hash, args.memo, args.successful, args.from)
    const op: ChainOperation = { ...this.opCommon(hash), kind: 'payment', from: args.from, to: args.to, amount: args.amount, asset: { type: 'native' } }
    this.transactions.set(hash, { tx, ops: [op] })
    if (args.from === this.appWallet || args.to === this.appWallet) this.history.push({ ...op, transaction: tx } as AccountPaymentRecord)
    return hash
  }

  private txRecord(hash: string, memo: string | null, successful: boolean, source: string): TransactionRecord {
    this.ledger += 1
    this.clock += 60_000
    return {
      hash,
      pagingToken: String(BigInt(this.ledger) << 32n),
      successful,
      ledger: this.ledger,
      createdAt: new Date(this.clock),
      sourceAccount: source,
      feeCharged: 100_000n,
      maxFee: 100_000n,
      operationCount: 1,
      memoType: memo === null ? 'none' : 'text',
      memo,
      envelopeXdr: null,
      resultXdr: null,
      validAfter: null,
      validBefore: null
    }
  }

  private opCommon(hash: string) {
    const token = String((BigInt(this.ledger) << 32n) + 1n)
    return { id: token, pagingToken: token, transactionHash: hash, transactionSuccessful: null, createdAt: new Date(this.clock), sourceAccount: null }
  }

  private expect(id: string, kind: SaleKind, onChain: boolean, check: ChainCheck): void {
    this.expected.set(id, { kind, onChain, check })
  }

  private int(n: number): number {
    // mulberry32
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n | 0
  }

  private address(): string {
    return `G${Array.from({ length: 55 }, () => BASE32[this.int(32)]).join('')}`
  }

  private identifier(): string {
    return Array.from({ length: 28 }, () => BASE62[this.int(62)]).join('')
  }

  private hex64(): string {
    return Array.from({ length: 64 }, () => '0123456789abcdef'[this.int(16)]).join('')
  }
}

function link(hash: string, verified: boolean): Record<string, unknown> {
  return { txid: hash, verified, _link: `https://horizon.example/transactions/${hash}` }
}

function piDto(
  id: string,
  amount: bigint,
  parties: { from: string; to: string; direction: string },
  at: number,
  extra: Record<string, unknown>,
  status: Record<string, boolean>
): Record<string, unknown> {
  const whole = amount / 10_000_000n
  const fraction = (amount % 10_000_000n).toString().padStart(7, '0')
  return {
    identifier: id,
    user_uid: `uid-${id.slice(0, 6)}`,
    amount: Number(`${whole}.${fraction}`),
    memo: `Order ${id.slice(0, 4)}`,
    metadata: { order: id.slice(0, 8) },
    from_address: parties.from,
    to_address: parties.to,
    direction: parties.direction,
    created_at: new Date(at).toISOString(),
    network: 'Pi Testnet',
    status: { developer_approved: false, transaction_verified: false, developer_completed: false, cancelled: false, user_cancelled: false, ...status },
    ...extra
  }
}
