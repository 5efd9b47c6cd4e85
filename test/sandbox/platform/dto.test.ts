import { describe, expect, it } from 'vitest'
import { toPaymentDTO, toUserDTO } from '../../../src/sandbox/platform/dto'
import { newStatus, type PaymentRecord, type SandboxApp } from '../../../src/sandbox/platform/records'

const app: SandboxApp = { name: 'Shop', apiKey: 'k', network: 'Pi Testnet', walletPublicKey: 'GAPP' }

function record(identifier: string): PaymentRecord {
  return {
    identifier,
    app,
    userUid: 'uid-1',
    amount: 31_415_926n,
    memo: 'Pie',
    metadata: { orderId: 7 },
    fromAddress: 'GBUYER',
    toAddress: 'GAPP',
    direction: 'user_to_app',
    createdAtMs: Date.UTC(2025, 0, 2, 3, 4, 5, 678),
    status: { ...newStatus(true), transactionVerified: true },
    transaction: { txid: 'ab'.repeat(32), verified: true },
    approvalDeadlineMs: null
  }
}

describe('PaymentDTO as Pi sends it', () => {
  it('carries every documented field, amounts as numbers, and a Horizon _link', () => {
    const dto = toPaymentDTO(record('A'.repeat(28)), () => 'http://horizon.test')
    expect(dto).toMatchObject({
      identifier: 'A'.repeat(28),
      user_uid: 'uid-1',
      amount: 3.1415926,
      memo: 'Pie',
      metadata: { orderId: 7 },
      from_address: 'GBUYER',
      to_address: 'GAPP',
      direction: 'user_to_app',
      created_at: '2025-01-02T03:04:05.678Z',
      network: 'Pi Testnet',
      status: { developer_approved: true, transaction_verified: true, developer_completed: false, cancelled: false, user_cancelled: false },
      transaction: { txid: 'ab'.repeat(32), verified: true, _link: `http://horizon.test/transactions/${'ab'.repeat(32)}` }
    })
  })

  it('adds undocumented fields to some payments only, always the same way for the same payment', () => {
    const ids = ['x'.repeat(27) + '0', 'x'.repeat(27) + '1', 'x'.repeat(27) + '2']
    const extras = ids.map((id) => Object.keys(toPaymentDTO(record(id), () => 'h')).filter((key) => key === 'split_recipients' || key === 'token_canonical'))
    expect(extras).toEqual([[], ['split_recipients'], ['split_recipients', 'token_canonical']])
    expect(toPaymentDTO(record(ids[0]!), () => 'h')).toEqual(toPaymentDTO(record(ids[0]!), () => 'h'))
  })
})

describe('UserDTO', () => {
  it('includes the username only when the username scope was granted', () => {
    const user = {
      app,
      uid: 'u',
      username: 'ann',
      walletAddress: null,
      scopes: ['payments'],
      accessToken: 't',
      tokenValidUntil: new Date(Date.UTC(2025, 0, 1))
    }
    expect(toUserDTO(user)).toEqual({
      uid: 'u',
      credentials: { scopes: ['payments'], valid_until: { timestamp: Date.UTC(2025, 0, 1) / 1000, iso8601: '2025-01-01T00:00:00.000Z' } }
    })
    expect(toUserDTO({ ...user, scopes: ['username'] }).username).toBe('ann')
  })
})
