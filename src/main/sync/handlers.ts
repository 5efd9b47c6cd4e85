// Sync over the contract. A sync runs in the background: `sync:start` answers at once with the
// status, progress arrives as `task:progress`, and `ledger:changed` tells views to reload when
// rows moved. The run in flight is the SyncRuns service's.
import type { Handlers } from '../../shared/contract'
import type { SyncRuns } from './sync-runs'

export function syncHandlers(runs: SyncRuns): Pick<Handlers, 'sync:start' | 'sync:cancel' | 'sync:status'> {
  return {
    'sync:start': () => runs.start(),
    'sync:cancel': () => runs.cancel(),
    'sync:status': () => runs.status()
  }
}
