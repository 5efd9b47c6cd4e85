// One sandbox network per test file, and a fresh ledger per test: the real Pi Platform and Horizon
// simulators on loopback, the real clients, the real database, and buyers who pay honestly or lie.
// Our own clock (the queue's waits) is separate from the sandbox's, so a test can let the buyer's
// time to pay run out without touching Pi's rules.
import { Keypair } from '@stellar/stellar-sdk'
import { createQueueService, type QueueConnection, type QueueService } from '../../../src/main/queue'
import { PayoutService, type PayoutQueueView } from '../../../src/main/payouts'
import { EventBus } from '../../../src/main/ipc'
import { createSyncEngine } from '../../../src/main/sync'
import { trackPayments } from '../../../src/main/tracking'
import type { RunningSandbox } from '../../../src/sandbox'
import { buildSignedPayment, type Buyer, type LieKind } from '../../../src/sandbox/buyer'
import type { AppEventName, AppEvents } from '../../../src/shared/contract'
import { ledgerSql, openSandboxWorld, sandboxPerFile, startTestSandbox, type SandboxFile, type SandboxWorld } from '../../support'

export const PI = 10_000_000n
/** The network every test of the folder runs on. */
const QUEUE_SANDBOX = { seed: 11 }
export const ORDER = { memo: 'Sticker pack', metadata: { orderId: 'SO-1042' } }

export interface QueueWorldOptions {
  readonly piTimeoutMs?: number
}

export interface QueueWorld extends SandboxWorld {
  readonly connection: QueueConnection
  /** The payout journal over this ledger, as every queue must have it. */
  readonly payouts: PayoutQueueView
  readonly service: QueueService
  readonly events: { readonly name: AppEventName; readonly payload: AppEvents[AppEventName] }[]
  readonly bus: EventBus
  /** Moves the desk's clock (the queue's waits), not the sandbox's. */
  advance(ms: number): void
  /** Hands ids to the ledger as the shop's backend would (Ledger, Track payment ids). */
  track(...ids: string[]): Promise<void>
  /** A full sync of the wallet's history. */
  sync(): Promise<void>
  /** POST .../complete (or approve, cancel) calls the simulator received for this payment. */
  calls(identifier: string, verb: 'approve' | 'complete' | 'cancel'): number
  row(identifier: string): Promise<Record<string, unknown> | undefined>
}

export async function startQueueSandbox(): Promise<RunningSandbox> {
  return startTestSandbox(QUEUE_SANDBOX)
}

/** One sandbox for a test file and a fresh ledger per test, as queueSandboxPerFile hands them out. */
export type QueueFileLifecycle = SandboxFile<QueueWorld, QueueWorldOptions>

/** The sandbox world's hooks (see sandboxPerFile), each test's world a queue desk. */
export function queueSandboxPerFile(): QueueFileLifecycle {
  return sandboxPerFile({ sandbox: QUEUE_SANDBOX, open: openWorld })
}

export function openWorld(sandbox: RunningSandbox, options: QueueWorldOptions = {}): QueueWorld {
  let clock = Date.now()
  const base = openSandboxWorld(sandbox, { ...options, now: () => new Date(clock), signerSeed: null })
  const { store, pi, horizon, appWallet } = base
  const connection: QueueConnection = { networkId: 'sandbox', pi, horizon, appWallet }
  const payouts = new PayoutService({
    store,
    actor: () => 'maria',
    connect: async () => ({
      networkId: 'sandbox',
      passphrase: sandbox.networkPassphrase,
      pi,
      horizon,
      appWallet,
      explorerTxUrl: null,
      signer: () => null
    })
  }).queueView()
  const bus = new EventBus()
  const events: QueueWorld['events'] = []
  bus.onAny((name, payload) => events.push({ name, payload }))
  const service = createQueueService({
    store,
    actor: () => 'maria',
    networkId: () => 'sandbox',
    connect: async () => connection,
    events: bus,
    now: base.now,
    sleep: async () => undefined,
    payouts
  })
  return {
    ...base,
    connection,
    payouts,
    service,
    events,
    bus,
    advance(ms) {
      clock += ms
    },
    async track(...ids) {
      const results = await trackPayments({ store, pi, horizon, networkId: 'sandbox', appWallet, ids })
      const failed = results.filter((result) => result.outcome !== 'tracked' && result.outcome !== 'updated')
      if (failed.length > 0) throw new Error(`tracking failed: ${JSON.stringify(failed)}`)
    },
    async sync() {
      await createSyncEngine({ store, networkId: 'sandbox', pi, horizon, appWallet }).run()
    },
    calls(identifier, verb) {
      return sandbox.platform.requests.count(`POST /v2/payments/${identifier}/${verb}`)
    },
    row(identifier) {
      return ledgerSql(store).get('SELECT * FROM payments WHERE identifier = ?', identifier)
    },
    close() {
      service.dispose()
      base.close()
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

export async function auditEntries(world: QueueWorld, subject: string): Promise<{ action: string; actor: string; before: unknown; after: unknown }[]> {
  return (
    await ledgerSql(world.store).all<{ action: string; actor: string; before_json: string | null; after_json: string | null }>(
      'SELECT action, actor, before_json, after_json FROM audit_log WHERE subject = ? ORDER BY seq',
      subject
    )
  ).map((row) => ({
    action: row.action,
    actor: row.actor,
    before: row.before_json === null ? null : JSON.parse(row.before_json),
    after: row.after_json === null ? null : JSON.parse(row.after_json)
  }))
}
