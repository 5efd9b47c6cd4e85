// What a simulated server received: benchmarks and tests assert on "calls the simulator got".
// Per-route counters are exact forever; individual entries are kept for the most recent
// requests only, so a million-call benchmark does not hoard memory.
import { matchesRequest, type RequestFilter, type RequestName } from './route-match'
import type { FaultKind } from './faults'

export interface LoggedRequest extends RequestName {
  readonly at: Date
  /** Raw query string without "?". */
  readonly query: string
  /** Set when the answer has been sent (absent for requests still open, timed out or reset). */
  status?: number
  fault?: FaultKind
  /** Message of an exception the handler threw (answered 500). */
  error?: string
}

export class RequestLog {
  private readonly recent: LoggedRequest[] = []
  private readonly perRoute = new Map<string, number>()
  private total = 0

  constructor(private readonly keep = 10_000) {}

  record(request: Omit<LoggedRequest, 'at'>): LoggedRequest {
    const entry: LoggedRequest = { at: new Date(), ...request }
    this.recent.push(entry)
    if (this.recent.length > this.keep) this.recent.splice(0, this.recent.length - this.keep)
    this.perRoute.set(entry.route, (this.perRoute.get(entry.route) ?? 0) + 1)
    this.total += 1
    return entry
  }

  /** Most recent requests, oldest first. */
  entries(filter?: RequestFilter): readonly LoggedRequest[] {
    return filter === undefined ? [...this.recent] : this.recent.filter((entry) => matchesRequest(filter, entry))
  }

  /**
   * How many requests matched. An exact route key ("POST /transactions") counts every request
   * ever received; other filters count the retained entries.
   */
  count(filter?: RequestFilter): number {
    if (filter === undefined) return this.total
    if (typeof filter === 'string' && this.perRoute.has(filter)) return this.perRoute.get(filter) ?? 0
    return this.recent.reduce((sum, entry) => (matchesRequest(filter, entry) ? sum + 1 : sum), 0)
  }

  clear(): void {
    this.recent.length = 0
    this.perRoute.clear()
    this.total = 0
  }
}
