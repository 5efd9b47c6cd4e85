// generateDataset: a deterministic merchant history (same seed → the same Pi records, the same
// ledger, the same manifest, byte for byte), loaded into the Platform state and the ledger through
// the chain's bulk import. Nothing here reads the wall clock or an unseeded random source.
import {
  APP_WALLET_OPENING_STROOPS,
  CATEGORY_SHARES,
  DATASET_FEE_STROOPS,
  DIRECT_TRANSFER_RATIO,
  PAYMENT_CATEGORIES,
  REFUNDS_IN_FLIGHT,
  type PaymentCategory
} from './shares'
import { createPrng, type Prng } from './prng'
import { createBuyers, type DatasetBuyer } from './population'
import { HistoryWriter } from './history'
import type { HistoryRecord, ImportSummary } from '../chain/import-history'
import type { DatasetManifest } from './manifest'
import type { SandboxApp } from '../platform/records'
import type { PlatformState } from '../platform/state'

export interface DatasetOptions {
  readonly seed: number
  readonly buyers: number
  /** Pi payments (U2A sales and A2U refunds); direct transfers come on top. */
  readonly payments: number
  readonly from: Date
  readonly to: Date
  /**
   * A registered app of `platform`. Its ledger must offer the bulk import and be fresh: nothing on
   * it later than an hour before `from` (the chain takes history in time order only).
   */
  readonly app: SandboxApp
  readonly platform: PlatformState
}

export interface GeneratedDataset {
  readonly manifest: DatasetManifest
  readonly buyers: readonly DatasetBuyer[]
}

/** What the dataset needs of the chain: its root account (the supply) and the bulk import. */
export interface BulkLedger {
  readonly rootAddress: string
  account(address: string): unknown
  importHistory(records: Iterable<HistoryRecord>): ImportSummary
}

/** Opening balances land an hour before the first sale. */
const OPENING_LEAD_MS = 3600_000

function isBulkLedger(chain: object): chain is BulkLedger {
  return 'importHistory' in chain && typeof chain.importHistory === 'function' && 'rootAddress' in chain
}

/** Leaves room after the last slot for submission delays and the in-flight refund. */
const END_MARGIN_MS = 10 * 60_000

/** Exact category counts for `total` slots, shuffled into time order. */
function allocateCategories(prng: Prng, total: number): Uint8Array {
  const counts = PAYMENT_CATEGORIES.map((category) => Math.floor(CATEGORY_SHARES[category] * total))
  const assigned = counts.reduce((a, b) => a + b, 0)
  const completedIndex = PAYMENT_CATEGORIES.indexOf('completed')
  counts[completedIndex] = (counts[completedIndex] ?? 0) + (total - assigned)
  const slots = new Uint8Array(total)
  let at = 0
  counts.forEach((count, category) => {
    slots.fill(category, at, at + count)
    at += count
  })
  for (let i = total - 1; i > 0; i--) {
    const j = prng.int(i + 1)
    const swap = slots[i] as number
    slots[i] = slots[j] as number
    slots[j] = swap
  }
  return slots
}

export function generateDataset(options: DatasetOptions): GeneratedDataset {
  const { seed, payments, from, to, app, platform } = options
  if (!Number.isInteger(payments) || payments < 0) throw new Error('payments must be a non-negative integer.')
  if (!Number.isInteger(options.buyers) || options.buyers < 2) throw new Error('A dataset needs at least 2 buyers.')
  const span = to.getTime() - from.getTime() - END_MARGIN_MS
  if (span <= 0) throw new Error('The dataset period must be longer than 10 minutes.')
  if (platform.appByKey(app.apiKey) !== app) throw new Error(`${app.name} is not registered with this Platform.`)
  const chain = platform.chainOf(app.network)
  if (!isBulkLedger(chain)) throw new Error(`The ${app.network} ledger offers no bulk import: the dataset generator needs one.`)

  const prng = createPrng(seed)
  const buyers = createBuyers(prng, platform, app, options.buyers)
  const writer = new HistoryWriter(prng, platform, app, buyers, chain.rootAddress)
  const inFlight = payments >= 100 ? REFUNDS_IN_FLIGHT : 0
  const slots = allocateCategories(prng, payments - inFlight)
  const directTransferTimes = Array.from({ length: Math.round(payments * DIRECT_TRANSFER_RATIO) }, () => prng.int(span))
  directTransferTimes.sort((a, b) => a - b)
  const start = from.getTime()
  const appWalletOpening = APP_WALLET_OPENING_STROOPS + BigInt(payments) * DATASET_FEE_STROOPS

  function* history(): Generator<HistoryRecord> {
    yield* writer.ledger.open(new Date(start - OPENING_LEAD_MS), appWalletOpening, chain.account(app.walletPublicKey) !== undefined)
    let direct = 0
    for (let i = 0; i < slots.length; i++) {
      const atMs = start + Math.floor((span * (i + prng.float())) / slots.length)
      for (; direct < directTransferTimes.length && start + (directTransferTimes[direct] as number) <= atMs; direct++) {
        const directAt = start + (directTransferTimes[direct] as number)
        yield* writer.ledger.land(directAt)
        writer.writeDirectTransfer(new Date(directAt))
      }
      yield* writer.ledger.land(atMs)
      writer.write(PAYMENT_CATEGORIES[slots[i] as number] as PaymentCategory, new Date(atMs))
    }
    for (; direct < directTransferTimes.length; direct++) {
      const directAt = start + (directTransferTimes[direct] as number)
      yield* writer.ledger.land(directAt)
      writer.writeDirectTransfer(new Date(directAt))
    }
    for (let i = 0; i < inFlight; i++) writer.write('refund_in_flight', new Date(start + span))
    yield* writer.ledger.land(Number.POSITIVE_INFINITY)
  }

  chain.importHistory(history())
  return { buyers, manifest: buildManifest(options, writer) }
}

function buildManifest(options: DatasetOptions, writer: HistoryWriter): DatasetManifest {
  const { app } = options
  let completed = 0
  let cancelled = 0
  let userCancelled = 0
  let open = 0
  let userToApp = 0
  let appToUser = 0
  for (const category of PAYMENT_CATEGORIES) {
    const count = writer.countByCategory[category]
    if (category === 'completed' || category === 'refund') completed += count
    else if (category === 'cancelled' || category === 'expired') cancelled += count
    else if (category === 'user_cancelled') userCancelled += count
    else open += count
    if (category === 'refund' || category === 'refund_in_flight') appToUser += count
    else userToApp += count
  }
  return {
    seed: options.seed,
    from: options.from.toISOString(),
    to: options.to.toISOString(),
    app: { apiKey: app.apiKey, network: app.network, walletPublicKey: app.walletPublicKey },
    buyers: options.buyers,
    counts: {
      payments: userToApp + appToUser,
      byCategory: { ...writer.countByCategory },
      byLie: { ...writer.countByLie },
      byStatus: { completed, cancelled, userCancelled, open },
      userToApp,
      appToUser,
      directTransfers: writer.directTransferTxids.length,
      fullRefunds: writer.fullRefunds,
      partialRefunds: writer.partialRefunds,
      topUps: writer.ledger.topUps,
      ledgerTransactions: writer.ledger.landed
    },
    stroops: {
      completedUserToApp: writer.completedUserToApp,
      completedAppToUser: writer.completedAppToUser,
      receivedOnChain: writer.ledger.receivedOnChain,
      paidOutOnChain: writer.ledger.paidOutOnChain,
      directTransfers: writer.directTransferTotal
    },
    ids: {
      byCategory: writer.idsByCategory,
      byLie: writer.idsByLie,
      directTransferTxids: writer.directTransferTxids
    }
  }
}
