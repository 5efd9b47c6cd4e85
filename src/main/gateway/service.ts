// The gateway as the composition root holds it: switched on from Settings or by
// `merchant-desk gateway`, by a person whose role allows `settings` (the owner), audited as
// `gateway.start` / `gateway.stop`. While it runs, invoices keep settling (watch.ts) and, once
// wired, the postback deliverer runs beside it. The token is read when the gateway starts, from
// the provider given here (the desk's environment), never from the database.
import { appendAudit } from '../audit'
import type { MerchantDb } from '../db'
import type { DeskSession } from '../people'
import { UserFacingError } from '../../shared/errors'
import { gatewayStartInput, type GatewayStartInput, type GatewayStatusView } from '../../shared/contract/gateway'
import { checkGatewayToken, parseAllowList } from './access'
import type { GatewayInvoices } from './methods'
import { startGatewayServer, type RunningGatewayServer } from './server'
import { watchInvoices, type InvoiceWatch, type InvoiceWatchOptions } from './watch'

/** A loop that runs beside the gateway (H3's PostbackDeliverer has this shape). */
export interface BackgroundLoop {
  start(): void
  stop(): Promise<void>
}

export interface GatewayServiceOptions {
  readonly store: MerchantDb
  readonly invoices: GatewayInvoices & { settle(): Promise<unknown> }
  /** Who is working; starting the gateway needs `settings`. Absent: the desk's owner acts. */
  readonly session?: DeskSession
  /** Who acts on a desk without people. */
  readonly actor: () => string
  /** The shop's token (MERCHANT_DESK_GATEWAY_TOKEN of the desk's environment, or an injected provider). */
  readonly token: () => string | null | undefined
  /** The allow list when start() is given none (MERCHANT_DESK_GATEWAY_ALLOW); absent or empty: loopback only. */
  readonly defaultAllow?: () => string | null | undefined
  /** The chain's live stream (the sync engine's follow), or null when the app already follows it. */
  readonly follow: InvoiceWatchOptions['follow']
  /** The network followed (a change follows the new one). */
  readonly followKey?: () => string
  /** Postback delivery while the gateway runs: the lead wires H3's deliverer here. */
  readonly postbacks?: BackgroundLoop
  readonly onInternalError?: (where: string, error: unknown) => void
  /** Tests: a faster settle timer. */
  readonly settleEveryMs?: number
}

interface Running {
  readonly server: RunningGatewayServer
  readonly watch: InvoiceWatch
  readonly allow: readonly string[]
  readonly startedAt: Date
  readonly startedBy: string
}

export class GatewayService {
  private running: Running | null = null
  private starting: Promise<GatewayStatusView> | null = null

  constructor(private readonly options: GatewayServiceOptions) {}

  /** Starts the gateway (refused while one runs). Answers its status, with the URL it listens on. */
  start(input?: GatewayStartInput): Promise<GatewayStatusView> {
    if (this.starting !== null) return Promise.reject(alreadyRunning())
    this.starting = this.startOnce(input).finally(() => {
      this.starting = null
    })
    return this.starting
  }

  /** Stops the gateway and what runs beside it (a person whose role allows `settings`); nothing to do when it is off. */
  async stop(): Promise<GatewayStatusView> {
    if (this.running === null) return this.status()
    const acting = this.options.session ? await this.options.session.require('settings') : { name: this.options.actor() }
    await this.shutdown(acting.name)
    return this.status()
  }

  /** The desk is closing (or the command ends): stops the gateway with no person to ask. */
  async close(): Promise<void> {
    await this.shutdown(this.options.session?.actorName() ?? this.options.actor())
  }

  private async shutdown(actor: string): Promise<void> {
    const running = this.running
    if (running === null) return
    this.running = null
    await running.server.close()
    await running.watch.stop()
    await this.options.postbacks?.stop()
    await appendAudit(this.options.store, { actor, action: 'gateway.stop', subject: running.server.url, before: { url: running.server.url }, after: null }).catch((error: unknown) =>
      this.options.onInternalError?.('gateway: auditing the stop', error)
    )
  }

  status(): GatewayStatusView {
    const running = this.running
    let tokenConfigured = false
    try {
      checkGatewayToken(this.options.token())
      tokenConfigured = true
    } catch {
      tokenConfigured = false
    }
    return {
      running: running !== null,
      url: running?.server.url ?? null,
      host: running?.server.host ?? null,
      port: running?.server.port ?? null,
      allow: running?.allow ?? [],
      startedAt: running?.startedAt.toISOString() ?? null,
      startedBy: running?.startedBy ?? null,
      watching: running === null ? null : running.watch.mode(),
      tokenConfigured
    }
  }

  private async startOnce(input: GatewayStartInput): Promise<GatewayStatusView> {
    if (this.running !== null) throw alreadyRunning()
    const parsed = gatewayStartInput.safeParse(input)
    if (!parsed.success) {
      throw new UserFacingError('invalid_input', `${parsed.error.issues[0]?.message ?? 'The gateway settings are not complete'}. The gateway was not started.`)
    }
    const acting = this.options.session ? await this.options.session.require('settings') : { name: this.options.actor() }
    // Refused in words before anything listens: no token, a weak one, a wrong allow list.
    const token = checkGatewayToken(this.options.token())
    const allow = parseAllowList(parsed.data?.allow ?? this.options.defaultAllow?.() ?? undefined)
    const server = await startGatewayServer({
      invoices: this.options.invoices,
      token,
      allow,
      ...(parsed.data?.host === undefined ? {} : { host: parsed.data.host }),
      ...(parsed.data?.port === undefined ? {} : { port: parsed.data.port }),
      ...(this.options.onInternalError ? { onInternalError: this.options.onInternalError } : {})
    })
    try {
      await appendAudit(this.options.store, {
        actor: acting.name,
        action: 'gateway.start',
        subject: server.url,
        before: null,
        after: { url: server.url, host: server.host, port: server.port, allow: [...allow.entries] }
      })
    } catch (error) {
      await server.close()
      throw error
    }
    const watch = watchInvoices({
      settle: () => this.options.invoices.settle(),
      follow: this.options.follow,
      ...(this.options.followKey ? { followKey: this.options.followKey } : {}),
      ...(this.options.settleEveryMs === undefined ? {} : { settleEveryMs: this.options.settleEveryMs }),
      ...(this.options.onInternalError ? { onError: this.options.onInternalError } : {})
    })
    this.options.postbacks?.start()
    this.running = { server, watch, allow: allow.entries, startedAt: this.options.store.now(), startedBy: acting.name }
    return this.status()
  }
}

function alreadyRunning(): UserFacingError {
  return new UserFacingError('gateway_running', 'The gateway is already running. Stop it first to start it with other settings.')
}
