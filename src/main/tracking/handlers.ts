// Tracked ids over the contract: payment ids from the shop's backend, fetched from Pi, stored and
// checked on chain; `ledger:changed` tells views to reload.
import type { Handlers, TrackResultView } from '../../shared/contract'
import type { MerchantDb } from '../db'
import type { EventBus } from '../ipc'
import { requireAppWallet, type NetworkConnection } from '../network'
import { trackPayments } from './track-payments'

export interface TrackingHandlerDeps {
  readonly store: MerchantDb
  readonly events: Pick<EventBus, 'emit'>
  /** The network in use, ready to call Pi (refuses when its key is missing). */
  readonly connect: () => Promise<NetworkConnection>
}

export function trackingHandlers(deps: TrackingHandlerDeps): Pick<Handlers, 'payments:track'> {
  return {
    'payments:track': async ({ ids }): Promise<TrackResultView> => {
      const connection = await deps.connect()
      const results = await trackPayments({
        store: deps.store,
        pi: connection.pi,
        horizon: connection.horizon,
        networkId: connection.networkId,
        appWallet: requireAppWallet(connection),
        ids
      })
      deps.events.emit('ledger:changed', { reason: 'tracked' })
      return { results }
    }
  }
}
