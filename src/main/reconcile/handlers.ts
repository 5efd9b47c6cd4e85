// The reconciliation over the contract. `reconcile:run` brings the ledger up to date (a sync, or
// the end of the one under way), reconciles the period with `task:progress` events (task
// 'reconcile'), saves the report and answers with its summary; `reconcile:list` and
// `reconcile:report` read saved reports; `reconcile:resolve` settles one item, audited.
import type { AppSettings, Handlers, ReconcileRunView } from '../../shared/contract'
import { UserFacingError } from '../../shared/errors'
import type { MerchantDb } from '../db'
import { checkTimeZone, exportPeriod } from '../exports'
import type { EventBus } from '../ipc'
import { requireAppWallet, type NetworkConnection } from '../network'
import { ReconciliationStore } from './reconciliation-store'
import { runReconciliation } from './run-reconciliation'
import type { ReconcileProgress } from './types'
import { itemView, reportView, runView } from './views'

export type ReconcileChannels = 'reconcile:run' | 'reconcile:list' | 'reconcile:report' | 'reconcile:resolve'

export interface ReconcileHandlerDeps {
  readonly store: MerchantDb
  readonly events: Pick<EventBus, 'emit'>
  /** Who resolves items, for the audit log: "desktop" in the app. */
  /** Who acts now (the person working at the desk). */
  readonly actor: () => string
  readonly settings: { current(): AppSettings }
  /** The network in use (its key is needed: reading `pi` without one throws in words). */
  readonly network: () => Promise<Pick<NetworkConnection, 'networkId' | 'appWallet' | 'pi' | 'horizon'>>
  /** Runs a sync, or waits for the one under way (the SyncRuns service's `upToDate`). */
  readonly syncUpToDate: () => Promise<void>
  /** Sync before reconciling (default true): a reconciliation of a stale ledger reports the sync's work. */
  readonly syncFirst?: boolean
  readonly now?: () => Date
}

const DEFAULT_LIST_LIMIT = 20

export function reconcileHandlers(deps: ReconcileHandlerDeps): Pick<Handlers, ReconcileChannels> {
  const reports = new ReconciliationStore(deps.store)
  let running = false
  const progress = (event: ReconcileProgress) => deps.events.emit('task:progress', { task: 'reconcile', ...event })

  return {
    'reconcile:run': async (input): Promise<ReconcileRunView> => {
      if (running) throw new UserFacingError('reconcile_running', 'A reconciliation is already running. Wait for it to finish.')
      running = true
      try {
        const settings = deps.settings.current()
        const timeZone = checkTimeZone(input.timeZone ?? settings.businessTimeZone)
        // Refused before anything is asked of Pi or the chain.
        exportPeriod(input.from, input.to, timeZone)
        const connection = await deps.network()
        const appWallet = requireAppWallet(connection)
        const pi = connection.pi
        if (deps.syncFirst ?? true) {
          progress({ phase: 'syncing', done: 0, total: null })
          await deps.syncUpToDate()
          deps.events.emit('ledger:changed', { reason: 'sync' })
        }
        const result = await runReconciliation({
          store: deps.store,
          pi,
          horizon: connection.horizon,
          networkId: connection.networkId,
          appWallet,
          from: input.from,
          to: input.to,
          timeZone,
          ...(input.incompleteAfterHours !== undefined ? { thresholds: { incompleteAfterMs: input.incompleteAfterHours * 3_600_000 } } : {}),
          ...(deps.now ? { now: deps.now } : {}),
          onProgress: progress
        })
        progress({ phase: 'saving', done: 0, total: null })
        const runId = await reports.save(result, deps.actor())
        progress({ phase: 'done', done: 1, total: 1 })
        return runView(await reports.run(runId))
      } finally {
        running = false
      }
    },
    'reconcile:list': async (input) => {
      const runs = await reports.list(deps.settings.current().network, input?.limit ?? DEFAULT_LIST_LIMIT)
      return { runs: runs.map(runView) }
    },
    'reconcile:report': ({ runId }) => reportView(reports, runId),
    'reconcile:resolve': async ({ itemId, note }) => itemView(await reports.resolve(itemId, note, deps.actor()))
  }
}
