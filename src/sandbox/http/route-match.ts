// One way to name requests, shared by fault rules and the request log: a route key such as
// "POST /transactions" or "GET /accounts/:account_id/payments", a concrete "GET /accounts/GABC.../payments",
// a glob over either ("GET /accounts/*"), a bare path without method, or a RegExp tested on
// "METHOD /concrete/path".

export interface RequestName {
  readonly method: string
  /** Decoded pathname, no query. */
  readonly path: string
  /** The matched route key ("GET /accounts/:account_id"), or "METHOD (unmatched)". */
  readonly route: string
}

export type RequestFilter = string | RegExp | ((request: RequestName) => boolean)

const METHOD = /^[A-Z]+ /

export function matchesRequest(filter: RequestFilter, request: RequestName): boolean {
  if (typeof filter === 'function') return filter(request)
  const concrete = `${request.method} ${request.path}`
  if (filter instanceof RegExp) return filter.test(concrete)
  const withMethod = METHOD.test(filter)
  const candidates = withMethod ? [request.route, concrete] : [request.route.replace(METHOD, ''), request.path]
  if (!filter.includes('*')) return candidates.includes(filter)
  const glob = new RegExp(`^${filter.split('*').map(escapeRegExp).join('.*')}$`)
  return candidates.some((candidate) => glob.test(candidate))
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
