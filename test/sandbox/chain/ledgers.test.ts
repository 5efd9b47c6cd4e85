import { Keypair } from '@stellar/stellar-sdk'
import { describe, expect, it } from 'vitest'
import { PI_BASE_FEE_STROOPS, PI_BASE_RESERVE_STROOPS } from '../../../src/sandbox/chain/constants'
import { SimChain } from '../../../src/sandbox/chain/sim-chain'
import { PI } from './envelopes'

describe('ledgers and the ledger clock', () => {
  it('closes empty ledgers on its interval, announcing each one', async () => {
    const chain = new SimChain({ ledgerIntervalMs: 20 })
    const closed: number[] = []
    chain.onLedgerClosed((ledger) => closed.push(ledger.sequence))
    const first = chain.latestLedger().sequence
    await new Promise((resolve) => setTimeout(resolve, 150))
    chain.stop()
    const after = chain.latestLedger().sequence
    await new Promise((resolve) => setTimeout(resolve, 60))

    expect(after - first).toBeGreaterThanOrEqual(3)
    expect(closed).toEqual(Array.from({ length: after - first }, (_, i) => first + 1 + i))
    expect(chain.latestLedger().sequence).toBe(after)
  })

  it('carries Pi fee and reserve on every header, with close times that never go backwards', () => {
    let now = Date.UTC(2025, 0, 1, 12, 0, 0, 700)
    const chain = new SimChain({ ledgerIntervalMs: null, clock: () => now })
    const genesis = chain.latestLedger()
    expect(genesis).toEqual({ sequence: 1, closedAt: new Date(Date.UTC(2025, 0, 1, 12, 0, 0)), baseFeeInStroops: PI_BASE_FEE_STROOPS, baseReserveInStroops: PI_BASE_RESERVE_STROOPS })
    now -= 60_000
    expect(chain.closeLedger().closedAt).toEqual(genesis.closedAt)
    chain.advanceTime(90_000)
    expect(chain.closeLedger()).toMatchObject({ sequence: 3, closedAt: new Date(Date.UTC(2025, 0, 1, 12, 0, 30)) })
    expect(chain.now().getTime()).toBe(now + 90_000)
  })

  it('refuses to move the clock backwards', () => {
    const chain = new SimChain({ ledgerIntervalMs: null })
    expect(() => chain.advanceTime(-1)).toThrow(RangeError)
  })

  it('puts genesis accounts on the ledger without history, the rest of the supply in the root', () => {
    const wallet = Keypair.random().publicKey()
    const chain = new SimChain({ ledgerIntervalMs: null, genesisLedger: 1000, accounts: [{ address: wallet, balance: 50n * PI }] })
    expect(chain.account(wallet)).toEqual({ id: wallet, sequence: 1000n << 32n, balance: 50n * PI, subentryCount: 0 })
    expect(chain.account(chain.rootAddress)?.balance).toBe(100_000_000_000n * PI - 50n * PI)
    expect(chain.accountTransactions(wallet, { order: 'asc', limit: 10 })).toEqual([])
    expect(chain.rootAddress).toBe(Keypair.master('Pi Testnet').publicKey())
  })

  it('funds with create_account first, then with payments, each from the root on its own ledger', () => {
    const chain = new SimChain({ ledgerIntervalMs: null })
    const wallet = Keypair.random().publicKey()
    const created = chain.fund(wallet, 5n * PI)
    const topped = chain.fund(wallet, 2n * PI)

    expect(created.operations).toEqual([{ kind: 'create_account', funder: chain.rootAddress, account: wallet, startingBalance: 5n * PI }])
    expect(topped.operations).toEqual([{ kind: 'payment', from: chain.rootAddress, to: wallet, amount: 2n * PI }])
    expect(topped.ledger).toBe(created.ledger + 1)
    expect(chain.account(wallet)?.balance).toBe(7n * PI)
    expect(chain.transaction(created.hash)?.synthetic).toBe(true)
    expect(() => chain.fund(Keypair.random().publicKey(), PI / 2n)).toThrow(/minimum balance/)
    expect(() => chain.fund('not-an-address', PI)).toThrow(RangeError)
  })

  it('reports the minimum balance a Pi account must keep', () => {
    const chain = new SimChain({ ledgerIntervalMs: null })
    expect(chain.minimumBalance(chain.rootAddress)).toBe(BigInt(2 * PI_BASE_RESERVE_STROOPS))
    expect(chain.minimumBalance(chain.rootAddress)).toBe(1n * PI)
  })
})
