// Fault injection for the simulated servers (Horizon and the Pi Platform): a plan of rules set
// at runtime, each matching requests by route and misbehaving in one of the ways real servers
// and their proxies do. Rules are checked in the order added; the first that matches fires.
import { matchesRequest, type RequestFilter, type RequestName } from './route-match'

export type FaultKind =
  /** Wait `ms`, then answer normally; the request is applied even if the client gave up meanwhile. */
  | 'latency'
  /** Never answer: the client times out, or the server closes the socket at shutdown. Nothing is applied. */
  | 'timeout'
  /** An nginx-style HTML error page with `status` (500, 502, 503; default 500). Nothing is applied. */
  | 'html500'
  /** 429 with `Retry-After: retryAfter` and the service's own rate-limit body. Nothing is applied. */
  | 'status429'
  /** The real answer is produced (side effects included), then sent as a 200 whose JSON is cut short. */
  | 'malformedJson'
  /** The request is fully applied, then the service's 504 timeout answer is sent instead of the result. */
  | 'applyThen504'
  /** The connection is dropped without an answer. Nothing is applied. */
  | 'reset'

export interface FaultRule {
  /** Which requests: see route-match.ts ("POST /transactions", "GET /accounts/*", a RegExp, a predicate). */
  readonly route: RequestFilter
  readonly kind: FaultKind
  /** How many matching requests misbehave; default: all of them until the rule is removed. */
  readonly times?: number
  /** Let this many matching requests through untouched first (e.g. fail the third page). */
  readonly skip?: number
  /** latency: delay in milliseconds (default 1000). */
  readonly ms?: number
  /** html500: the status of the HTML page (default 500). */
  readonly status?: number
  /** status429: seconds for Retry-After (default 1). */
  readonly retryAfter?: number
}

export interface ActiveFault {
  readonly id: number
  readonly rule: FaultRule
  /** How many requests this rule has affected so far. */
  readonly fired: number
}

interface Entry {
  readonly id: number
  readonly rule: FaultRule
  skipped: number
  fired: number
}

export class FaultPlan {
  private readonly entries: Entry[] = []
  private nextId = 1

  /** Adds a rule; returns its id for remove(). */
  add(rule: FaultRule): number {
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) throw new RangeError('times must be a positive integer')
    const id = this.nextId++
    this.entries.push({ id, rule, skipped: 0, fired: 0 })
    return id
  }

  remove(id: number): void {
    const at = this.entries.findIndex((entry) => entry.id === id)
    if (at >= 0) this.entries.splice(at, 1)
  }

  clear(): void {
    this.entries.length = 0
  }

  list(): readonly ActiveFault[] {
    return this.entries.map(({ id, rule, fired }) => ({ id, rule, fired }))
  }

  /** The fault this request suffers, if any; counts it against the rule (spent rules drop out). */
  take(request: RequestName): FaultRule | undefined {
    for (const entry of this.entries) {
      if (!matchesRequest(entry.rule.route, request)) continue
      if (entry.skipped < (entry.rule.skip ?? 0)) {
        entry.skipped += 1
        continue
      }
      entry.fired += 1
      if (entry.rule.times !== undefined && entry.fired >= entry.rule.times) this.remove(entry.id)
      return entry.rule
    }
    return undefined
  }
}
