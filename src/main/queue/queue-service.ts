// The queue's service: list (optionally after asking Pi again), act (one payment or many), and a
// watcher that announces new items. Shared by the IPC handlers, the browser preview and the CLI.
import type { QueueActInput, QueueActView, QueueReviewInput, QueueReviewView, QueueView } from '../../shared/contract/queue'
import type { ActionContext } from './action-context'
import { actOnPayments } from './act'
import { ChainLookup } from './chain-lookup'
import { listQueue } from './list-queue'
import type { QueueConnection, QueueDeps } from './ports'
import { requireAppWallet } from '../network'
import { refreshQueue } from './refresh'
import { reviewPayment } from './reviews'
import { resolveRules } from './rules'
import { QueueWatcher } from './watcher'

export interface QueueService {
  list(options?: { readonly refresh?: boolean | undefined }): Promise<QueueView>
  act(input: { readonly action: QueueActInput['action']; readonly ids: readonly string[]; readonly txid?: string | undefined }): Promise<QueueActView>
  /** Marks a payment the app can do nothing more about reviewed (or reopens it), audited. */
  review(input: Required<QueueReviewInput>): Promise<QueueReviewView>
  /** Looks for new items now (the app calls it after a sync); returns how many joined. */
  checkForNewItems(): Promise<number>
  /** Stops listening to `ledger:changed`. */
  dispose(): void
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export function createQueueService(deps: QueueDeps): QueueService {
  // The type requires it; this also stops an untyped caller from building a queue that could
  // cancel a payout's Pi payment behind the payout journal's back (issue #12, item 3).
  if (typeof deps.payouts?.cancelOwnPayout !== 'function') throw new TypeError('A queue needs the payout journal (QueueDeps.payouts).')
  const rules = resolveRules(deps.rules)
  const now = deps.now ?? deps.store.now
  const watcher = new QueueWatcher(deps.store, deps.networkId, (payload) => deps.events?.emit('queue:changed', payload))
  // A failed look for new items costs a notification, never the sync or action that changed the ledger.
  const unsubscribe =
    deps.events?.on('ledger:changed', () => {
      watcher.check().catch((error: unknown) => deps.onInternalError?.('queue:watch', error))
    }) ?? (() => undefined)
  /** Says the ledger changed and waits for the look for new items it starts, so it is announced before the call returns. */
  const ledgerChanged = async (reason: string): Promise<void> => {
    // Listeners re-run the watcher; without a bus, do it here.
    if (deps.events) {
      deps.events.emit('ledger:changed', { reason })
      await watcher.idle()
    } else await watcher.check()
  }

  // The last connection used: listing never connects on its own (on the command line that would
  // start a sandbox), but uses the app wallet for the approval checks once it is known.
  let known: QueueConnection | null = null
  const connect = async (): Promise<QueueConnection> => {
    const network = await deps.connect()
    return (known = { networkId: network.networkId, pi: network.pi, horizon: network.horizon, appWallet: requireAppWallet(network) })
  }

  return {
    async list(options = {}) {
      let refreshed: QueueView['refreshed'] = null
      if (options.refresh === true) {
        refreshed = await refreshQueue(deps.store, await connect(), now)
        await ledgerChanged('queue refresh')
      }
      const networkId = deps.networkId()
      const view = await listQueue(deps.store, {
        networkId,
        now: now(),
        appWallet: known?.networkId === networkId ? known.appWallet : null,
        rules,
        payouts: deps.payouts
      })
      return { ...view, refreshed }
    },

    async act(input) {
      const connection = await connect()
      const context: ActionContext = {
        store: deps.store,
        networkId: connection.networkId,
        appWallet: connection.appWallet,
        pi: connection.pi,
        chain: new ChainLookup(deps.store, connection.networkId, connection.horizon, connection.appWallet),
        rules,
        now,
        sleep: deps.sleep ?? realSleep,
        payouts: deps.payouts,
        onPaymentAction: deps.onPaymentAction
      }
      const view = await actOnPayments(context, input, { actor: deps.actor(), onInternalError: deps.onInternalError })
      await ledgerChanged(`queue ${input.action}`)
      return view
    },

    async review(input) {
      const view = await reviewPayment(deps.store, { networkId: deps.networkId(), actor: deps.actor(), identifier: input.id, reviewed: input.reviewed, note: input.note })
      await ledgerChanged(input.reviewed ? 'queue review' : 'queue reopen')
      return view
    },

    checkForNewItems: () => watcher.check(),
    dispose: unsubscribe
  }
}
