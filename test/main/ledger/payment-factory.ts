// A deterministic generator of ledger rows for the ledger and dashboard tests: every status,
// both directions, two networks, refunds, failed chain checks, and many ties in time, amount and
// user so that sort tie-breakers are exercised. Same seed, same rows.
import type { Insertable } from 'kysely'
import type { MerchantDb } from '../../../src/main/db/open'
import { withTransaction } from '../../../src/main/db/transaction'
import type { PaymentsTable } from '../../../src/main/db/schema'
import type { DisplayStatus } from '../../../src/shared/payments'

export type PaymentInsert = Insertable<PaymentsTable>

export const APP_WALLET = 'GAPPWALLET'.padEnd(56, 'A')
export const BASE_TIME = Date.UTC(2025, 2, 1)

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const ITEMS = ['loaves', 'muffins', 'coffee beans', 'croissant', 'birthday cake'] as const
const NOTES = ['gift', 'rush', null] as const

/** mulberry32: small, fast and plenty for test data. */
export function seededRandom(seed: number) {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (bound: number): number => Math.floor(next() * bound)
  return {
    next,
    int,
    chance: (probability: number) => next() < probability,
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
    text: (alphabet: string, length: number) => Array.from({ length }, () => alphabet[int(alphabet.length)]).join('')
  }
}

const STATUS_WEIGHTS: ReadonlyArray<readonly [DisplayStatus, number]> = [
  ['completed', 50],
  ['cancelled', 10],
  ['user_cancelled', 8],
  ['submitted', 8],
  ['verified', 8],
  ['approved', 8],
  ['created', 8]
]

export interface FactoryOptions {
  readonly seed?: number
  /** Minutes the rows spread over; fewer minutes, more ties. */
  readonly minutes?: number
  /** Epoch ms of the earliest possible creation time (default BASE_TIME). */
  readonly start?: number
}

/** `count` rows, refunds after the payments they refund (the foreign key needs that order). */
export function generatePayments(count: number, options: FactoryOptions = {}): PaymentInsert[] {
  const random = seededRandom(options.seed ?? 7)
  const minutes = options.minutes ?? Math.max(10, Math.floor(count / 5))
  const seen = new Set<string>()
  const refundable: string[] = []
  const rows: PaymentInsert[] = []
  for (let n = 0; n < count; n++) {
    let identifier = random.text(BASE62, 28)
    while (seen.has(identifier)) identifier = random.text(BASE62, 28)
    seen.add(identifier)
    const mainnet = random.chance(0.1)
    const appToUser = random.chance(0.2)
    const status = pickStatus(random)
    const userWallet = `G${random.text(BASE32, 55)}`
    const createdAt = (options.start ?? BASE_TIME) + random.int(minutes) * 60_000 + (random.chance(0.1) ? random.int(60_000) : 0)
    const refundOf =
      appToUser && !mainnet && refundable.length > 0 && random.chance(0.5) ? random.pick(refundable) : null
    const row: PaymentInsert = {
      identifier,
      network_id: mainnet ? 'mainnet' : 'sandbox',
      user_uid: `user-${(n % 37).toString(36)}`,
      amount_stroops: BigInt(1 + random.int(40)) * 2_500_000n,
      memo: `Order ${1000 + n}: ${random.pick(ITEMS)}`,
      metadata_json: JSON.stringify({ orderId: 5000 + n, sku: `sku-${random.int(60)}`, note: random.pick(NOTES) }),
      from_address: appToUser ? APP_WALLET : userWallet,
      to_address: appToUser ? userWallet : APP_WALLET,
      direction: appToUser ? 'app_to_user' : 'user_to_app',
      created_at: createdAt,
      network: mainnet ? 'Pi Network' : 'Pi Testnet',
      source: appToUser ? 'payout' : 'chain',
      refund_of: refundOf,
      first_seen_at: createdAt + random.int(4) * 30_000,
      last_polled_at: createdAt + 300_000,
      ...statusFlags(status, random),
      ...chainCheck(status, random, createdAt)
    }
    rows.push(row)
    if (!appToUser && !mainnet && status === 'completed') refundable.push(identifier)
  }
  return rows
}

function pickStatus(random: ReturnType<typeof seededRandom>): DisplayStatus {
  let roll = random.int(100)
  for (const [status, weight] of STATUS_WEIGHTS) {
    if (roll < weight) return status
    roll -= weight
  }
  return 'completed'
}

function statusFlags(status: DisplayStatus, random: ReturnType<typeof seededRandom>) {
  const txid = random.text('0123456789abcdef', 64)
  const tx = (verified: 0 | 1) => ({ txid, tx_verified: verified, tx_link: `https://horizon.example/transactions/${txid}` })
  const none = { txid: null, tx_verified: null, tx_link: null }
  const flags = (approved: 0 | 1, verified: 0 | 1, completed: 0 | 1, cancelled: 0 | 1, userCancelled: 0 | 1) => ({
    developer_approved: approved,
    transaction_verified: verified,
    developer_completed: completed,
    cancelled,
    user_cancelled: userCancelled
  })
  switch (status) {
    case 'created':
      return { ...flags(0, 0, 0, 0, 0), ...none }
    case 'approved':
      return { ...flags(1, 0, 0, 0, 0), ...none }
    case 'submitted':
      return { ...flags(1, 0, 0, 0, 0), ...tx(0) }
    case 'verified':
      return { ...flags(1, 1, 0, 0, 0), ...tx(1) }
    case 'completed':
      return { ...flags(1, 1, 1, 0, 0), ...tx(1) }
    case 'cancelled':
      return { ...flags(random.chance(0.5) ? 1 : 0, 0, 0, 1, 0), ...none }
    case 'user_cancelled':
      return { ...flags(1, 0, 0, 0, 1), ...none }
  }
}

function chainCheck(status: DisplayStatus, random: ReturnType<typeof seededRandom>, createdAt: number) {
  const roll = random.int(100)
  const linked = status === 'submitted' || status === 'verified' || status === 'completed'
  if (linked && roll < 60) return { chain_check: 'verified' as const, chain_check_reasons_json: null, chain_checked_at: createdAt + 120_000 }
  if (roll >= 85 || (!linked && roll >= 70)) {
    const reasons = linked ? ['amount_mismatch', 'memo_mismatch'].slice(0, 1 + random.int(2)) : ['not_found']
    return { chain_check: 'failed' as const, chain_check_reasons_json: JSON.stringify(reasons), chain_checked_at: createdAt + 120_000 }
  }
  return { chain_check: 'unchecked' as const, chain_check_reasons_json: null, chain_checked_at: null }
}

const COLUMNS = [
  'identifier', 'network_id', 'user_uid', 'amount_stroops', 'memo', 'metadata_json', 'from_address', 'to_address',
  'direction', 'created_at', 'network', 'developer_approved', 'transaction_verified', 'developer_completed',
  'cancelled', 'user_cancelled', 'txid', 'tx_verified', 'tx_link', 'source', 'refund_of', 'chain_check',
  'chain_check_reasons_json', 'chain_checked_at', 'first_seen_at', 'last_polled_at'
] as const

/** Inserts rows in one transaction (kysely would need one statement per few rows: too many parameters). */
export function insertPayments(store: MerchantDb, rows: readonly PaymentInsert[]): void {
  const insert = store.sqlite.prepare(
    `INSERT INTO payments (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((column) => `@${column}`).join(', ')})`
  )
  store.sqlite.transaction(() => {
    for (const row of rows) {
      insert.run(Object.fromEntries(COLUMNS.map((column) => [column, row[column] ?? null])))
    }
  })()
}

/** Rows per INSERT on PostgreSQL: well under its 65,535 parameters a statement. */
const ROWS_PER_STATEMENT = 1000

/**
 * insertPayments on either engine: on SQLite exactly insertPayments (synchronous, one
 * transaction); on PostgreSQL multi-row INSERTs through kysely in one transaction.
 */
export async function insertLedgerPayments(store: MerchantDb, rows: readonly PaymentInsert[]): Promise<void> {
  if (store.engine.kind === 'sqlite') return insertPayments(store, rows)
  const complete = rows.map((row) => Object.fromEntries(COLUMNS.map((column) => [column, row[column] ?? null])) as PaymentInsert)
  await withTransaction(store, async (tx) => {
    for (let start = 0; start < complete.length; start += ROWS_PER_STATEMENT) {
      await tx.db.insertInto('payments').values(complete.slice(start, start + ROWS_PER_STATEMENT)).execute()
    }
  })
}

export interface CraftedPayment {
  readonly status: DisplayStatus
  readonly direction?: 'user_to_app' | 'app_to_user'
  readonly amount: bigint
  readonly createdAt: number
  readonly networkId?: 'sandbox' | 'mainnet'
  readonly refundOf?: string
}

/** A hand-specified payment; `index` makes its identifier, wallet and txid unique and stable. */
export function craftPayment(index: number, spec: CraftedPayment): PaymentInsert {
  const random = seededRandom(1000 + index)
  const identifier = `p${index.toString().padStart(4, '0')}`.padEnd(28, 'x')
  const mainnet = spec.networkId === 'mainnet'
  const appToUser = (spec.direction ?? (spec.refundOf ? 'app_to_user' : 'user_to_app')) === 'app_to_user'
  const userWallet = `G${random.text(BASE32, 55)}`
  return {
    identifier,
    network_id: mainnet ? 'mainnet' : 'sandbox',
    user_uid: `user-${index}`,
    amount_stroops: spec.amount,
    memo: `Crafted payment ${index}`,
    metadata_json: '{}',
    from_address: appToUser ? APP_WALLET : userWallet,
    to_address: appToUser ? userWallet : APP_WALLET,
    direction: appToUser ? 'app_to_user' : 'user_to_app',
    created_at: spec.createdAt,
    network: mainnet ? 'Pi Network' : 'Pi Testnet',
    source: appToUser ? 'payout' : 'chain',
    refund_of: spec.refundOf ?? null,
    first_seen_at: spec.createdAt,
    last_polled_at: spec.createdAt,
    chain_check: 'unchecked',
    chain_check_reasons_json: null,
    chain_checked_at: null,
    ...statusFlags(spec.status, random)
  }
}
