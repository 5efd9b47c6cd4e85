// Horizon JSON as Pi's Horizon writes it (pi-platform.md §4), for tests that bend one field.
import { Keypair } from '@stellar/stellar-sdk'

export const APP = Keypair.random().publicKey()
export const BUYER = Keypair.random().publicKey()
export const MEMO = 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ0b'

export function hashOf(n: number): string {
  return n.toString(16).padStart(64, '0')
}

export function txRecord(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const hash = hashOf(n)
  return {
    _links: { self: { href: `https://horizon/transactions/${hash}` } },
    id: hash,
    paging_token: String(1000 + n),
    successful: true,
    hash,
    ledger: 500 + n,
    created_at: '2024-05-01T10:00:00Z',
    source_account: BUYER,
    source_account_sequence: '1234',
    fee_account: BUYER,
    fee_charged: '100000',
    max_fee: '200000',
    operation_count: 1,
    envelope_xdr: 'AAAA',
    result_xdr: 'AAAA',
    memo_type: 'text',
    memo: MEMO,
    valid_after: '1970-01-01T00:00:00Z',
    valid_before: '2024-05-01T10:03:00Z',
    signatures: ['sig'],
    ...overrides
  }
}

export function paymentOp(n: number, overrides: Record<string, unknown> = {}, tx: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _links: { transaction: { href: `https://horizon/transactions/${hashOf(n)}` } },
    id: String(n * 4096),
    paging_token: String(n * 4096),
    transaction_successful: true,
    source_account: BUYER,
    type: 'payment',
    type_i: 1,
    created_at: '2024-05-01T10:00:00Z',
    transaction_hash: hashOf(n),
    asset_type: 'native',
    from: BUYER,
    to: APP,
    amount: '3.1400000',
    transaction: txRecord(n, tx),
    ...overrides
  }
}

export function createAccountOp(n: number): Record<string, unknown> {
  return {
    id: String(n * 4096),
    paging_token: String(n * 4096),
    transaction_successful: true,
    source_account: BUYER,
    type: 'create_account',
    type_i: 0,
    created_at: '2024-05-01T09:00:00Z',
    transaction_hash: hashOf(n),
    starting_balance: '20.0000000',
    funder: BUYER,
    account: APP,
    transaction: txRecord(n, { memo_type: 'none', memo: undefined })
  }
}

export function page(records: unknown[]): Record<string, unknown> {
  return {
    _links: { self: { href: 'https://horizon/x' }, next: { href: 'https://horizon/x?cursor=2' }, prev: { href: 'https://horizon/x?cursor=1' } },
    _embedded: { records }
  }
}

export function accountRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: APP,
    account_id: APP,
    sequence: '103079215104',
    subentry_count: 2,
    last_modified_ledger: 77,
    num_sponsoring: 0,
    num_sponsored: 0,
    balances: [
      { balance: '5.0000000', asset_type: 'credit_alphanum4', asset_code: 'ABC', asset_issuer: BUYER },
      { balance: '2.0600000', buying_liabilities: '0.0000000', selling_liabilities: '0.5000000', asset_type: 'native' }
    ],
    ...overrides
  }
}
