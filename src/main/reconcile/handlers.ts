// The reconciliation over the contract. `reconcile:run` brings the ledger up to date (a sync, or
// the end of the one under way), reconciles the period with `task:progress` events (task
// 'reconcile'), saves the report and answers with its summary; `reconcile:list` and
// `reconcile:report` read saved reports; `reconcile:resolve` settles one item, audited.
import type { AppSettings, ReconcileRunView } from '../../shared/contract'
import { UserFacingError } from '../../shared/errors'
import { requireAppWallet } from '../app/connection'
import type { Workspace } from '../app/workspace'
import type { MerchantDb } from '../db'
import { checkTimeZone, exportPeriod } from '../exports/export-period'
import type { EventBus } from '../router/events'
import type { Handlers } from '../router/router'
import { ReconciliationStore } from './reconciliation-store'
import { runReconciliation } from './run-reconciliation'
import type { ReconcileProgress } from './types'
import { itemView, reportView, runView } from './views'

export type ReconcileChannels = 'reconcile:run' | 'reconcile:list' | 'reconcile:report' | 'reconcile:resolve'

export interface ReconcileHandlerDeps {
  readonly store: MerchantDb
  readonly events: Pick<EventBus, 'emit'>
  /** Who resolves items, for the audit log: "desktop" in the app. */
  readonly actor: string
  readonly settings: { current(): AppSettings }
  readonly workspace: () => Promise<Pick<Workspace, 'connection' | 'horizon' | 'pi' | 'sync'>>
  /** Sync before reconciling (default true): a reconciliation of a stale ledger reports the sync's work. */
  readonly syncFirst?: boolean
  readonly now?: () => Date
}

const DEFAULT_LIST_LIMIT = 20
const SYNC_POLL_MS = 200

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
        const workspace = await deps.workspace()
        const appWallet = requireAppWallet(workspace.connection)
        const pi = workspace.pi()
        if (deps.syncFirst ?? true) {
          progress({ phase: 'syncing', done: 0, total: null })
          await syncNow(workspace)
          deps.events.emit('ledger:changed', { reason: 'sync' })
        }
        const result = await runReconciliation({
          store: deps.store,
          pi,
          horizon: workspace.horizon,
          networkId: workspace.connection.networkId,
          appWallet,
          from: input.from,
          to: input.to,
          timeZone,
          ...(input.incompleteAfterHours !== undefined ? { thresholds: { incompleteAfterMs: input.incompleteAfterHours * 3_600_000 } } : {}),
          ...(deps.now ? { now: deps.now } : {}),
          onProgress: progress
        })
        progress({ phase: 'saving', done: 0, total: null })
        const runId = await reports.save(result, deps.actor)
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
    'reconcile:resolve': async ({ itemId, note }) => itemView(await reports.resolve(itemId, note, deps.actor))
  }
}

/** Runs a sync, or waits for the one under way (the app syncs on start and on request). */
async function syncNow(workspace: Pick<Workspace, 'sync'>): Promise<void> {
  const engine = workspace.sync()
  if (!engine.status().running) {
    await engine.run()
    return
  }
  while (engine.status().running) await new Promise((resolve) => setTimeout(resolve, SYNC_POLL_MS))
  const failed = engine.status().lastError
  if (failed !== null) throw new UserFacingError(failed.code, failed.message)
}
