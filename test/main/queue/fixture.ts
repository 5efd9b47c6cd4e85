// One sandbox network per test file, and a fresh ledger per test: the real Pi Platform and Horizon
// simulators on loopback, the real clients, the real database, and buyers who pay honestly or lie.
// Our own clock (the queue's waits) is separate from the sandbox's, so a test can let the buyer's
// time to pay run out without touching Pi's rules.
import { Keypair } from '@stellar/stellar-sdk'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../src/main/db'
import { createHorizonClient, type HorizonClient } from '../../../src/main/horizon'
import { createPiPlatformClient, type PiPlatformClient } from '../../../src/main/pi'
import { createQueueService, type QueueConnection, type QueueService } from '../../../src/main/queue'
import { PayoutService, type PayoutQueueView } from '../../../src/main/payouts'
import { EventBus } from '../../../src/main/ipc'
import { createSyncEngine } from '../../../src/main/sync'
import { trackPayments } from '../../../src/main/tracking'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { Buyer, buildSignedPayment, type LieKind } from '../../../src/sandbox/buyer'
import type { AppEventName, AppEvents } from '../../../src/shared/contract'

export const PI = 10_000_000n
export const ORDER = { memo: 'Sticker pack', metadata: { orderId: 'SO-1042' } }

export interface QueueWorld {
  readonly sandbox: RunningSandbox
  readonly store: MerchantDb
  readonly pi: PiPlatformClient
  readonly horizon: HorizonClient
  readonly connection: QueueConnection
  /** The payout journal over this ledger, as every queue must have it. */
  readonly payouts: PayoutQueueView
  readonly service: QueueService
  readonly events: { readonly name: AppEventName; readonly payload: AppEvents[AppEventName] }[]
  readonly bus: EventBus
  now(): Date
  advance(ms: number): void
  buyer(): Buyer
  /** Hands ids to the ledger as the shop's backend would (Ledger, Track payment ids). */
  track(...ids: string[]): Promise<void>
  /** A full sync of the wallet's history. */
  sync(): Promise<void>
  /** POST .../complete (or approve, cancel) calls the simulator received for this payment. */
  calls(identifier: string, verb: 'approve' | 'complete' | 'cancel'): number
  row(identifier: string): Record<string, unknown> | undefined
  close(): void
}

let names = 0

export async function startQueueSandbox(): Promise<RunningSandbox> {
  return startSandbox({ ledgerIntervalMs: 0, seed: 11 })
}

/** One sandbox for a test file and a fresh ledger per test, as queueSandboxPerFile hands them out. */
export interface QueueFileLifecycle {
  /** The file's sandbox (started before its first test). */
  sandbox(): RunningSandbox
  /** A ledger for this test, closed after it. */
  openWorld(options?: { readonly piTimeoutMs?: number }): QueueWorld
}

/**
 * Registers a test file's hooks: the sandbox starts before all tests and closes after them; after
 * each test the simulators' faults are cleared (a fault left behind would hit the next test) and
 * that test's ledger is closed.
 */
export function queueSandboxPerFile(): QueueFileLifecycle {
  let started: RunningSandbox | null = null
  let world: QueueWorld | null = null
  const sandbox = (): RunningSandbox => {
    if (started === null) throw new Error('The queue sandbox starts in beforeAll: use it inside a test.')
    return started
  }
  beforeAll(async () => {
    started = await startQueueSandbox()
  })
  afterAll(async () => started?.close())
  afterEach(() => {
    started?.platform.faults.clear()
    started?.horizon.faults.clear()
    world?.close()
    world = null
  })
  return {
    sandbox,
    openWorld: (options) => {
      world = openWorld(sandbox(), options)
      return world
    }
  }
}

export function openWorld(sandbox: RunningSandbox, options: { readonly piTimeoutMs?: number } = {}): QueueWorld {
  let clock = Date.now()
  const store = openDatabase(':memory:', { now: () => new Date(clock) })
  const pi = createPiPlatformClient({
    baseUrl: sandbox.platformUrl,
    apiKey: sandbox.apiKey,
    timeoutMs: options.piTimeoutMs ?? 5_000,
    retry: { baseDelayMs: 0, maxDelayMs: 0 },
    sleep: async () => undefined
  })
  const horizon = createHorizonClient({
    url: sandbox.horizonUrl,
    expectedPassphrase: sandbox.networkPassphrase,
    retry: { baseDelayMs: 0, maxDelayMs: 0 },
    sleep: async () => undefined
  })
  const connection: QueueConnection = { networkId: 'sandbox', pi, horizon, appWallet: sandbox.appWallet.publicKey }
  const payouts = new PayoutService({
    store,
    actor: 'maria',
    connect: async () => ({
      networkId: 'sandbox',
      passphrase: sandbox.networkPassphrase,
      pi,
      horizon,
      appWallet: sandbox.appWallet.publicKey,
      explorerTxUrl: null,
      signer: () => null
    })
  }).queueView()
  const bus = new EventBus()
  const events: QueueWorld['events'] = []
  bus.onAny((name, payload) => events.push({ name, payload }))
  const service = createQueueService({
    store,
    actor: 'maria',
    networkId: () => 'sandbox',
    connect: async () => connection,
    events: bus,
    now: () => new Date(clock),
    sleep: async () => undefined,
    payouts
  })
  return {
    sandbox,
    store,
    pi,
    horizon,
    connection,
    payouts,
    service,
    events,
    bus,
    now: () => new Date(clock),
    advance(ms) {
      clock += ms
    },
    buyer() {
      names += 1
      return Buyer.create({
        platform: sandbox.platform.state,
        app: sandbox.app,
        username: `buyer${names}`,
        otherNetwork: sandbox.otherNetwork.chain
      })
    },
    async track(...ids) {
      const results = await trackPayments({ store, pi, horizon, networkId: 'sandbox', appWallet: sandbox.appWallet.publicKey, ids })
      const failed = results.filter((result) => result.outcome !== 'tracked' && result.outcome !== 'updated')
      if (failed.length > 0) throw new Error(`tracking failed: ${JSON.stringify(failed)}`)
    },
    async sync() {
      await createSyncEngine({ store, networkId: 'sandbox', pi, horizon, appWallet: sandbox.appWallet.publicKey }).run()
    },
    calls(identifier, verb) {
      return sandbox.platform.requests.count(`POST /v2/payments/${identifier}/${verb}`)
    },
    row(identifier) {
      return store.sqlite.prepare('SELECT * FROM payments WHERE identifier = ?').get(identifier) as Record<string, unknown> | undefined
    },
    close() {
      service.dispose()
      store.close()
    }
  }
}

/** A buyer starts a payment and the shop approves it (at Pi directly, as its backend would). */
export async function approvedPayment(world: QueueWorld, amount = 5, buyer = world.buyer()): Promise<{ id: string; buyer: Buyer }> {
  const id = buyer.startPayment({ amount, ...ORDER }).identifier
  await world.pi.approvePayment(id)
  return { id, buyer }
}

/** Approved, then the buyer's wallet submits (honestly or lying) and tells Pi, or not. */
export async function paidPayment(
  world: QueueWorld,
  options: { readonly lie?: LieKind; readonly reportToPi?: boolean; readonly amount?: number } = {}
): Promise<{ id: string; buyer: Buyer; txid: string }> {
  const { id, buyer } = await approvedPayment(world, options.amount ?? 5)
  const submission = buyer.submitPayment(id, {
    ...(options.lie === undefined ? {} : { lie: options.lie }),
    reportToPi: options.reportToPi ?? true
  })
  if (submission.txid === null) throw new Error('the buyer submitted nothing')
  return { id, buyer, txid: submission.txid }
}

/** The app wallet pays a payout's transaction itself (as the payout journal would). */
export function payPayoutOnChain(sandbox: RunningSandbox, payout: { identifier: string; to: string; amount: bigint }): string {
  const envelope = buildSignedPayment({
    chain: sandbox.chain,
    signer: Keypair.fromSecret(sandbox.appWallet.seed),
    transfers: [{ destination: payout.to, amount: payout.amount }],
    memoText: payout.identifier
  })
  const outcome = sandbox.chain.submit(envelope.xdr)
  if (outcome.kind !== 'applied') throw new Error(`the payout transaction was not applied: ${outcome.kind}`)
  return envelope.hash
}

export function auditEntries(world: QueueWorld, subject: string): { action: string; actor: string; before: unknown; after: unknown }[] {
  return (
    world.store.sqlite
      .prepare('SELECT action, actor, before_json, after_json FROM audit_log WHERE subject = ? ORDER BY seq')
      .all(subject) as { action: string; actor: string; before_json: string | null; after_json: string | null }[]
  ).map((row) => ({
    action: row.action,
    actor: row.actor,
    before: row.before_json === null ? null : JSON.parse(row.before_json),
    after: row.after_json === null ? null : JSON.parse(row.after_json)
  }))
}
