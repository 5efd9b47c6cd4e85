// A tiny router: literal segments and `:name` parameters, one handler per method and pattern.
// The route key ("GET /accounts/:account_id") names requests in fault plans and request logs.
import type { RequestContext } from './context'
import type { HandlerResult } from './reply'

export type Handler = (ctx: RequestContext) => HandlerResult | Promise<HandlerResult>

interface Route {
  readonly method: string
  readonly key: string
  readonly segments: readonly string[]
  readonly handler: Handler
}

export type RouteLookup =
  | { readonly kind: 'found'; readonly key: string; readonly handler: Handler; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'wrong_method'; readonly allowed: readonly string[] }
  | { readonly kind: 'none' }

export class Router {
  private readonly routes: Route[] = []

  on(method: string, pattern: string, handler: Handler): this {
    if (!pattern.startsWith('/')) throw new Error(`route pattern must start with "/": ${pattern}`)
    this.routes.push({ method: method.toUpperCase(), key: `${method.toUpperCase()} ${pattern}`, segments: split(pattern), handler })
    return this
  }

  get(pattern: string, handler: Handler): this {
    return this.on('GET', pattern, handler)
  }

  post(pattern: string, handler: Handler): this {
    return this.on('POST', pattern, handler)
  }

  lookup(method: string, path: string): RouteLookup {
    const segments = split(path)
    const allowed: string[] = []
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments)
      if (params === undefined) continue
      if (route.method === method) return { kind: 'found', key: route.key, handler: route.handler, params }
      allowed.push(route.method)
    }
    return allowed.length > 0 ? { kind: 'wrong_method', allowed } : { kind: 'none' }
  }
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '')
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] ?? ''
    const segment = actual[i] ?? ''
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(segment)
      } catch {
        return undefined
      }
    } else if (expected !== segment) return undefined
  }
  return params
}
