// PaymentDTOs as Pi writes them, for tests that need a well-formed answer to bend.
import { Keypair } from '@stellar/stellar-sdk'

export const APP_WALLET = Keypair.random().publicKey()
export const BUYER_WALLET = Keypair.random().publicKey()
export const PAYMENT_ID = 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ0b'
export const OTHER_PAYMENT_ID = 'Zz3dE5gH7jK9mN1pQ3sT5vW7yZ0b'
export const TXID = 'a'.repeat(64)

export function paymentDto(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    identifier: PAYMENT_ID,
    user_uid: 'user-1',
    amount: 3.14,
    memo: 'Refund for order 42',
    metadata: { orderId: 42 },
    from_address: APP_WALLET,
    to_address: BUYER_WALLET,
    direction: 'app_to_user',
    created_at: '2024-05-01T10:00:00.000Z',
    network: 'Pi Testnet',
    status: {
      developer_approved: true,
      transaction_verified: false,
      developer_completed: false,
      cancelled: false,
      user_cancelled: false
    },
    transaction: null,
    ...overrides
  }
}

export function statusWith(flags: Record<string, boolean>): Record<string, boolean> {
  return {
    developer_approved: true,
    transaction_verified: false,
    developer_completed: false,
    cancelled: false,
    user_cancelled: false,
    ...flags
  }
}
