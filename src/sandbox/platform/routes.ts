// The Platform API's routes (pi-platform.md §1) on the shared sandbox router. Authentication is
// part of each route: `Authorization: Key <server key>` binds the call to one app (and so to one
// network and one app wallet); `GET /v2/me` alone takes a buyer's `Bearer` access token.
import type { RequestContext } from '../http/context'
import { jsonReply, type HttpReply } from '../http/reply'
import type { Router } from '../http/router'
import {
  approvePayment,
  cancelPayment,
  completePayment,
  createAppToUserPayment,
  getPayment,
  incompleteServerPayments,
  me
} from './developer-api'
import { PlatformError, platformErrors } from './errors'
import type { SandboxApp } from './records'
import type { PlatformState } from './state'

type AppHandler = (app: SandboxApp, ctx: RequestContext) => unknown | Promise<unknown>

function answer(run: () => unknown | Promise<unknown>): Promise<HttpReply> {
  return Promise.resolve()
    .then(run)
    .then(
      (value) => jsonReply(200, value),
      (error: unknown) => {
        if (error instanceof PlatformError) return jsonReply(error.status, error.toBody())
        throw error
      }
    )
}

function credentials(ctx: RequestContext, scheme: 'key' | 'bearer'): string | undefined {
  const [given, credential, ...rest] = (ctx.header('authorization') ?? '').trim().split(/\s+/)
  if (given?.toLowerCase() !== scheme || !credential || rest.length > 0) return undefined
  return credential
}

/** The app a server key belongs to, or Pi's 401. */
export function authenticateApp(state: PlatformState, ctx: RequestContext): SandboxApp {
  const key = credentials(ctx, 'key')
  if (key === undefined) throw platformErrors.unauthorized('Unauthorized: send the server API key as "Authorization: Key <key>".')
  const app = state.appByKey(key)
  if (app === undefined) throw platformErrors.unauthorized('Unauthorized: the API key is not valid.')
  return app
}

/** Pi answers a body it cannot read with 400, never a crash. */
async function jsonBody(ctx: RequestContext): Promise<unknown> {
  const raw = (await ctx.body()).toString('utf8')
  if (raw.trim() === '') return undefined
  try {
    return JSON.parse(raw) as unknown
  } catch {
    throw platformErrors.invalidArguments('The request body is not valid JSON.')
  }
}

export function registerPlatformRoutes(router: Router, state: PlatformState): void {
  const withApp = (handler: AppHandler) => (ctx: RequestContext) =>
    answer(() => handler(authenticateApp(state, ctx), ctx))
  const id = (ctx: RequestContext): string => ctx.params.payment_id ?? ''

  router.get('/v2/me', (ctx) =>
    answer(() => {
      const token = credentials(ctx, 'bearer')
      if (token === undefined) throw platformErrors.invalidToken()
      return me(state, token)
    })
  )
  // Registered before `/v2/payments/:payment_id`, which would otherwise swallow it.
  router.get('/v2/payments/incomplete_server_payments', withApp((app) => incompleteServerPayments(state, app)))
  router.post('/v2/payments', withApp(async (app, ctx) => createAppToUserPayment(state, app, await jsonBody(ctx))))
  router.get('/v2/payments/:payment_id', withApp((app, ctx) => getPayment(state, app, id(ctx))))
  router.post('/v2/payments/:payment_id/approve', withApp((app, ctx) => approvePayment(state, app, id(ctx))))
  router.post(
    '/v2/payments/:payment_id/complete',
    withApp(async (app, ctx) => completePayment(state, app, id(ctx), await jsonBody(ctx)))
  )
  router.post('/v2/payments/:payment_id/cancel', withApp((app, ctx) => cancelPayment(state, app, id(ctx))))
}
