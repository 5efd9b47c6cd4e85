// The sync run in flight, held by a service rather than a handler so every front door shares it:
// `start` begins a run in the background and answers at once, `cancel` stops it, `status` says
// where it stands (with why the last run failed), `upToDate` runs one or waits for the one under
// way. One run at a time per process: a second start joins the first.
import type { SyncStatusView } from '../../shared/contract'
import { isUserFacingError, UserFacingError } from '../../shared/errors'
import type { NetworkId } from '../../shared/network'
import type { MerchantDb } from '../db'
import { syncStatusView, type SyncEngine } from './engine'

/** The network in use and its engine; `sync()` throws a UserFacingError when its key or wallet is missing. */
export interface SyncTarget {
  readonly connection: { readonly networkId: NetworkId }
  sync(): SyncEngine
}

export interface SyncRunsOptions {
  readonly store: MerchantDb
  /** The workspace of the network chosen now (a settings change switches it). */
  readonly target: () => Promise<SyncTarget>
  /** Told when a background run ends, however it ends (views reload). */
  readonly onRunEnded?: () => void
}

const POLL_MS = 200

export class SyncRuns {
  private abort: AbortController | null = null
  private lastFailure: string | null = null

  constructor(private readonly options: SyncRunsOptions) {}

  /** Starts a run in the background unless one is under way; answers with the status at once. */
  async start(): Promise<SyncStatusView> {
    const engine = (await this.options.target()).sync()
    if (!engine.status().running) {
      const abort = (this.abort = new AbortController())
      this.lastFailure = null
      void engine
        .run({ signal: abort.signal })
        .catch((error: unknown) => {
          this.lastFailure = isUserFacingError(error) ? error.message : 'The sync stopped unexpectedly. Try again.'
        })
        .finally(() => this.options.onRunEnded?.())
    }
    return { ...(await this.status()), running: true }
  }

  async cancel(): Promise<SyncStatusView> {
    this.abort?.abort()
    return this.status()
  }

  async status(): Promise<SyncStatusView> {
    const target = await this.options.target()
    let view: SyncStatusView
    try {
      view = await syncStatusView(target.sync().status(), this.options.store, target.connection.networkId)
    } catch (error) {
      // No key or wallet yet: say so in the status rather than failing the page.
      if (!isUserFacingError(error)) throw error
      return { running: false, lastFinishedAt: null, lastError: error.message, paymentsKnown: 0 }
    }
    return this.lastFailure && !view.running ? { ...view, lastError: view.lastError ?? this.lastFailure } : view
  }

  /** Runs a sync, or waits for the one under way (the app syncs on start and on request). */
  async upToDate(): Promise<void> {
    const engine = (await this.options.target()).sync()
    if (!engine.status().running) {
      await engine.run()
      return
    }
    while (engine.status().running) await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    const failed = engine.status().lastError
    if (failed !== null) throw new UserFacingError(failed.code, failed.message)
  }
}
