// Reconciliation against the sandbox: the real Pi Platform and Horizon simulators on loopback, the
// real clients, a real SQLite ledger filled by the real sync (or by tracked ids), and scenarios
// crafted the way they happen: buyers who pay honestly, lie, pay twice or pay with no payment; the
// shop's backend refunding through Pi; the app wallet paying a refund's transaction twice; and,
// where Pi's own rules cannot produce a record, Pi's state edited directly (an odd Pi record).
import { Keypair } from '@stellar/stellar-sdk'
import { runReconciliation, type Discrepancy, type ReconcileThresholds, type ReconciliationResult } from '../../../src/main/reconcile'
import { createSyncEngine } from '../../../src/main/sync'
import { trackPayments } from '../../../src/main/tracking'
import type { RunningSandbox } from '../../../src/sandbox'
import { buildSignedPayment, type Buyer, type LieKind } from '../../../src/sandbox/buyer'
import type { DiscrepancyType } from '../../../src/shared/contract'
import { openSandboxWorld, startTestSandbox, type SandboxWorld } from '../../support'

export const PI = 10_000_000n
const ORDER = { memo: 'Sticker pack', metadata: { orderId: 'SO-7' } }
const DAY_MS = 86_400_000

/** A day in UTC, relative to today: the periods below cover yesterday to tomorrow. */
export function utcDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10)
}

export function startReconcileSandbox(seed = 31): Promise<RunningSandbox> {
  return startTestSandbox({ seed })
}

export interface ReconcileWorld extends SandboxWorld {
  /** The app wallet being reconciled. */
  readonly wallet: string
  /** A buyer starts a payment and the shop approves it at Pi. */
  approved(amount?: number, buyer?: Buyer): Promise<{ id: string; buyer: Buyer }>
  /** Approved, then the buyer's wallet submits, honestly or lying, and tells Pi (or not). */
  paid(options?: { lie?: LieKind; reportToPi?: boolean; amount?: number }): Promise<{ id: string; buyer: Buyer; txid: string }>
  /** Paid honestly and completed at Pi. */
  completedSale(amount?: number): Promise<{ id: string; buyer: Buyer; txid: string }>
  /** A refund the shop's backend makes through Pi (metadata.refund_of), paid and completed. */
  backendRefund(sale: string, buyer: Buyer, amount: bigint): Promise<{ id: string; txid: string }>
  /** The app wallet pays an A2U payment's transaction, as a payout would. */
  payFromWallet(identifier: string, to: string, amount: bigint): string
  /** Someone sends Pi straight to the app wallet, with this memo (or none). */
  directTransfer(amount: bigint, memo?: string): string
  track(...ids: string[]): Promise<void>
  sync(): Promise<void>
  reconcile(options?: { thresholds?: Partial<ReconcileThresholds>; now?: Date }): Promise<ReconciliationResult>
}

export function openReconcileWorld(sandbox: RunningSandbox): ReconcileWorld {
  const base = openSandboxWorld(sandbox, { signerSeed: null })
  const { store, pi, horizon, appWallet: wallet } = base
  const walletKey = Keypair.fromSecret(sandbox.appWallet.seed)

  const world: ReconcileWorld = {
    ...base,
    wallet,
    async approved(amount = 5, buyer = world.buyer()) {
      const id = buyer.startPayment({ amount, ...ORDER }).identifier
      await pi.approvePayment(id)
      return { id, buyer }
    },
    async paid(options = {}) {
      const { id, buyer } = await world.approved(options.amount ?? 5)
      const submission = buyer.submitPayment(id, {
        ...(options.lie === undefined ? {} : { lie: options.lie }),
        reportToPi: options.reportToPi ?? true
      })
      if (submission.txid === null) throw new Error('the buyer submitted nothing')
      return { id, buyer, txid: submission.txid }
    },
    async completedSale(amount = 10) {
      const sale = await world.paid({ amount })
      await pi.completePayment(sale.id, sale.txid)
      return sale
    },
    async backendRefund(sale, buyer, amount) {
      const created = await pi.createPayment({ amount, memo: 'Refund', metadata: { refund_of: sale }, uid: buyer.uid })
      const txid = world.payFromWallet(created.identifier, buyer.publicKey, amount)
      await pi.completePayment(created.identifier, txid)
      return { id: created.identifier, txid }
    },
    payFromWallet(identifier, to, amount) {
      const envelope = buildSignedPayment({ chain: sandbox.chain, signer: walletKey, transfers: [{ destination: to, amount }], memoText: identifier })
      const outcome = sandbox.chain.submit(envelope.xdr)
      if (outcome.kind !== 'applied') throw new Error(`the wallet's transaction was not applied: ${outcome.kind}`)
      return envelope.hash
    },
    directTransfer(amount, memo) {
      const sender = Keypair.random()
      sandbox.chain.fund(sender.publicKey(), 100n * PI)
      const envelope = buildSignedPayment({
        chain: sandbox.chain,
        signer: sender,
        transfers: [{ destination: wallet, amount }],
        ...(memo === undefined ? {} : { memoText: memo })
      })
      const outcome = sandbox.chain.submit(envelope.xdr)
      if (outcome.kind !== 'applied') throw new Error(`the transfer was not applied: ${outcome.kind}`)
      return envelope.hash
    },
    async track(...ids) {
      const results = await trackPayments({ store, pi, horizon, networkId: 'sandbox', appWallet: wallet, ids })
      const failed = results.filter((result) => result.outcome !== 'tracked' && result.outcome !== 'updated')
      if (failed.length > 0) throw new Error(`tracking failed: ${JSON.stringify(failed)}`)
    },
    async sync() {
      await createSyncEngine({ store, networkId: 'sandbox', pi, horizon, appWallet: wallet }).run()
    },
    reconcile(options = {}) {
      return runReconciliation({
        store,
        pi,
        horizon,
        networkId: 'sandbox',
        appWallet: wallet,
        from: utcDay(-1),
        to: utcDay(1),
        timeZone: 'UTC',
        ...(options.thresholds ? { thresholds: options.thresholds } : {}),
        ...(options.now ? { now: () => options.now as Date } : {})
      })
    }
  }
  return world
}

/** The discrepancies of one type about one subject. */
export function itemsAbout(result: ReconciliationResult, type: DiscrepancyType, subject: string): Discrepancy[] {
  return result.discrepancies.filter((item) => item.type === type && item.subject === subject)
}

/** Every type reported about a subject, in report order. */
export function typesAbout(result: ReconciliationResult, subject: string): DiscrepancyType[] {
  return result.discrepancies.filter((item) => item.subject === subject).map((item) => item.type)
}
