// While the gateway runs, its invoices keep settling without anyone pressing "sync": the chain's
// live payment stream stores each payment as it lands (and settles after every burst, as the sync
// does), and a timer settles the network in use (expiry: an invoice expires with no payment at
// all) and picks up what another desk or a `sync` stored. The status a shop polls therefore moves
// on its own.

/** How often invoices are settled on the timer (expiry, other desks' syncs). */
export const SETTLE_EVERY_MS = 15_000
/** After the live stream could not start (Horizon down, no key yet), it is tried again this late. */
export const FOLLOW_RETRY_MS = 30_000

export interface InvoiceWatchOptions {
  /** Settles the network in use now (InvoiceService.settle). */
  readonly settle: () => Promise<unknown>
  /**
   * Follows the chain's live stream until the signal aborts (the sync engine's follow); null when
   * someone else already follows it (the desktop app's live mode).
   */
  readonly follow: ((signal: AbortSignal) => Promise<void>) | null
  /** Which network is followed: when it changes (Settings), the stream is followed anew. */
  readonly followKey?: () => string
  readonly settleEveryMs?: number
  readonly followRetryMs?: number
  readonly onError?: (where: string, error: unknown) => void
}

export interface InvoiceWatch {
  /** 'live': the chain's stream is followed; 'settling': only the timer (someone else follows, or the stream could not start). */
  mode(): 'live' | 'settling'
  stop(): Promise<void>
}

/** The error a second follower of one engine gets: someone (the app's live mode) already follows. */
const ALREADY_FOLLOWING = 'sync_already_following'

export function watchInvoices(options: InvoiceWatchOptions): InvoiceWatch {
  const report = (where: string, error: unknown): void => {
    try {
      options.onError?.(where, error)
    } catch {
      // A logger's failure is not the watch's.
    }
  }
  let stopped = false
  let settling: Promise<unknown> | null = null
  const settle = (): void => {
    if (stopped || settling !== null) return
    settling = options
      .settle()
      .catch((error: unknown) => report('gateway: settling invoices', error))
      .finally(() => {
        settling = null
      })
  }
  const timer = setInterval(settle, options.settleEveryMs ?? SETTLE_EVERY_MS)
  timer.unref()
  settle()

  let live: { readonly controller: AbortController; readonly key: string; readonly done: Promise<void> } | null = null
  let following = false
  let retry: NodeJS.Timeout | null = null
  const follow = (): void => {
    const run = options.follow
    if (stopped || run === null) return
    if (retry !== null) clearTimeout(retry)
    retry = null
    const controller = new AbortController()
    const key = options.followKey?.() ?? ''
    following = true
    const done = run(controller.signal)
      .catch((error: unknown) => {
        if (controller.signal.aborted || stopped) return
        if ((error as { code?: unknown } | null)?.code === ALREADY_FOLLOWING) return
        report('gateway: following the chain', error)
        retry = setTimeout(follow, options.followRetryMs ?? FOLLOW_RETRY_MS)
        retry.unref()
      })
      .finally(() => {
        if (live?.controller === controller) following = false
      })
    live = { controller, key, done }
  }
  follow()
  // Settings moved to another network: follow that one instead.
  const keyCheck = options.followKey === undefined ? null : setInterval(() => {
    if (live !== null && options.followKey?.() !== live.key) {
      live.controller.abort()
      follow()
    }
  }, 1_000)
  keyCheck?.unref()

  return {
    mode: () => (following ? 'live' : 'settling'),
    async stop() {
      stopped = true
      clearInterval(timer)
      if (keyCheck !== null) clearInterval(keyCheck)
      if (retry !== null) clearTimeout(retry)
      live?.controller.abort()
      await live?.done
      await settling
    }
  }
}
