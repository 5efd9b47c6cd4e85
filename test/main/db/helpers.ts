// Shared fixtures for the database tests: a realistic payment row and throwaway folders.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Insertable } from 'kysely'
import type { PaymentsTable } from '../../../src/main/db/schema'

/** Account addresses in Pi's shape: 'G' and 55 base32 characters. */
export const APP_WALLET = 'GAPPWALLET'.padEnd(56, 'A')
export const BUYER_WALLET = 'GBUYERWALLET'.padEnd(56, 'B')

/** The payment identifier used by `paymentRow` unless overridden. */
export const PAYMENT_ID = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4'

/** A valid 28-character base62 identifier that reads as `label` in test output. */
export function paymentId(label: string): string {
  return label.padEnd(28, '0')
}

/** A completed user-to-app payment on the sandbox, as the sync would store it. */
export function paymentRow(overrides: Partial<Insertable<PaymentsTable>> = {}): Insertable<PaymentsTable> {
  return {
    identifier: PAYMENT_ID,
    network_id: 'sandbox',
    user_uid: 'user-7f3a',
    amount_stroops: 31_400_000n,
    memo: 'Order 1042: two loaves',
    metadata_json: '{"orderId":1042}',
    from_address: BUYER_WALLET,
    to_address: APP_WALLET,
    direction: 'user_to_app',
    created_at: Date.UTC(2025, 2, 14, 9, 30),
    network: 'Pi Testnet',
    developer_approved: 1,
    transaction_verified: 1,
    developer_completed: 1,
    cancelled: 0,
    user_cancelled: 0,
    txid: 'ab'.repeat(32),
    tx_verified: 1,
    tx_link: `https://horizon.example/transactions/${'ab'.repeat(32)}`,
    source: 'chain',
    first_seen_at: Date.UTC(2025, 2, 14, 9, 31),
    last_polled_at: Date.UTC(2025, 2, 14, 9, 31),
    ...overrides
  }
}

/** A fresh folder under the OS temp dir, and a function that removes it. */
export function tempFolder(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'merchant-desk-db-'))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}
