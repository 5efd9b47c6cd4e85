// Sync and tracked ids over the contract. A sync runs in the background: `sync:start` answers at
// once with the status, progress arrives as `task:progress`, and `ledger:changed` tells views to
// reload when rows moved.
import type { SyncStatusView, TrackResultView } from '../../../shared/contract'
import { isUserFacingError } from '../../../shared/errors'
import type { MerchantDb } from '../../db'
import { syncStatusView } from '../../sync'
import { trackPayments } from '../../tracking'
import { requireAppWallet } from '../../app/connection'
import type { Workspace } from '../../app/workspace'
import type { EventBus } from '../events'
import type { Handlers } from '../router'

export interface SyncHandlerDeps {
  readonly store: MerchantDb
  readonly events: EventBus
  readonly workspace: () => Promise<Workspace>
}

export function syncHandlers(deps: SyncHandlerDeps): Pick<Handlers, 'sync:start' | 'sync:cancel' | 'sync:status' | 'payments:track'> {
  let abort: AbortController | null = null
  let lastFailure: string | null = null

  const status = async (): Promise<SyncStatusView> => {
    const workspace = await deps.workspace()
    let view: SyncStatusView
    try {
      view = await syncStatusView(workspace.sync().status(), deps.store, workspace.connection.networkId)
    } catch (error) {
      // No key or wallet yet: say so in the status rather than failing the page.
      if (!isUserFacingError(error)) throw error
      return { running: false, lastFinishedAt: null, lastError: error.message, paymentsKnown: 0 }
    }
    return lastFailure && !view.running ? { ...view, lastError: view.lastError ?? lastFailure } : view
  }

  return {
    'sync:start': async () => {
      const engine = (await deps.workspace()).sync()
      if (!engine.status().running) {
        abort = new AbortController()
        lastFailure = null
        void engine
          .run({ signal: abort.signal })
          .catch((error: unknown) => {
            lastFailure = isUserFacingError(error) ? error.message : 'The sync stopped unexpectedly. Try again.'
          })
          .finally(() => deps.events.emit('ledger:changed', { reason: 'sync' }))
      }
      return { ...(await status()), running: true }
    },
    'sync:cancel': () => {
      abort?.abort()
      return status()
    },
    'sync:status': () => status(),
    'payments:track': async ({ ids }): Promise<TrackResultView> => {
      const workspace = await deps.workspace()
      const results = await trackPayments({
        store: deps.store,
        pi: workspace.pi(),
        horizon: workspace.horizon,
        networkId: workspace.connection.networkId,
        appWallet: requireAppWallet(workspace.connection),
        ids
      })
      deps.events.emit('ledger:changed', { reason: 'tracked' })
      return { results }
    }
  }
}
