// Every channel of the contract, mounted from each domain's own handlers.ts over the container's
// services. The audit log's channels are mounted here like every other domain's.
import { NETWORKS } from '../../shared/network'
import type { SecretNetwork } from '../../shared/contract/secrets'
import { auditHandlers } from '../audit'
import { dashboardHandlers } from '../dashboard'
import type { MerchantDb, SettingsRepository } from '../db'
import { exportsHandlers, type ExportRuns } from '../exports'
import { createRouter, type EventBus, type Router } from '../ipc'
import { invoiceHandlers, type InvoiceService } from '../invoices'
import { gatewayHandlers, type GatewayService } from '../gateway'
import { postbackHandlers, type PostbackService } from '../postbacks'
import type { Channel, Handlers } from '../../shared/contract'
import { peopleHandlers, type DeskSession, type PeopleService } from '../people'
import { CHANNEL_NEEDS } from './channel-access'
import { ledgerHandlers } from '../ledger'
import type { ConnectionOverrides, NetworkConnection } from '../network'
import { payoutHandlers, type PayoutService } from '../payouts'
import { queueHandlersOf, type QueueService } from '../queue'
import { reconcileHandlers } from '../reconcile'
import { secretsHandlers, type SecretStore } from '../secrets'
import { settingsHandlers, type SettingsService } from '../settings'
import { syncHandlers, type SyncRuns } from '../sync'
import { teamHandlers } from '../team'
import { trackingHandlers } from '../tracking'
import { appHandlers } from './handlers'
import type { Workspace } from './workspace'

export interface HandlerMapDeps {
  readonly store: MerchantDb
  /** This desk's own file: the ledger itself on SQLite, beside a team ledger on PostgreSQL. */
  readonly desk: MerchantDb
  readonly events: EventBus
  readonly settings: SettingsService
  readonly settingsStore: SettingsRepository
  readonly secrets: SecretStore
  readonly payouts: PayoutService
  readonly queue: QueueService
  readonly invoices: InvoiceService
  readonly postbacks: PostbackService
  readonly gateway: GatewayService
  readonly syncRuns: SyncRuns
  readonly exportRuns: ExportRuns
  /** Who acts now (the person working at the desk). */
  readonly actor: () => string
  readonly session: DeskSession
  readonly people: PeopleService
  /** MERCHANT_DESK_DB chose the ledger (the Team database card says so). */
  readonly ledgerSetByEnvironment: boolean
  readonly version: string
  readonly openExternal: (url: string) => Promise<boolean>
  readonly remote: ConnectionOverrides
  readonly workspace: () => Promise<Workspace>
  readonly connect: () => Promise<NetworkConnection>
  readonly secretsChanged: (network: SecretNetwork) => void
  readonly onInternalError: (where: string, error: unknown) => void
  readonly now?: () => Date
}

export function mountRouter(deps: HandlerMapDeps): Router {
  const { store, events, settings, actor } = deps
  const network = async () => (await deps.workspace()).connection
  const now = deps.now ? { now: deps.now } : {}
  return createRouter(
    guarded(deps.session, {
      ...appHandlers({ version: deps.version, settings, openExternal: deps.openExternal, network }),
      ...settingsHandlers(settings, deps.settingsStore),
      ...syncHandlers(deps.syncRuns),
      ...trackingHandlers({ store, events, connect: deps.connect }),
      ...ledgerHandlers({ store, settings, network }),
      ...dashboardHandlers({ store, settings, network }),
      ...queueHandlersOf(deps.queue),
      ...auditHandlers(store),
      ...secretsHandlers({
        secrets: deps.secrets,
        store,
        actor,
        endpoints: (secretNetwork) => {
          const profile = NETWORKS[secretNetwork]
          return {
            platformUrl: deps.remote.platformUrl ?? profile.platformUrl!,
            horizonUrl: deps.remote.horizonUrl ?? profile.horizonUrl!,
            passphrase: profile.passphrase
          }
        },
        onChanged: deps.secretsChanged
      }),
      ...teamHandlers({ store, desk: deps.desk, secrets: deps.secrets, actor, setByEnvironment: deps.ledgerSetByEnvironment }),
      ...exportsHandlers(deps.exportRuns),
      ...reconcileHandlers({ store, events, actor, settings, network, syncUpToDate: () => deps.syncRuns.upToDate(), ...now }),
      ...peopleHandlers(deps.people),
      ...invoiceHandlers(deps.invoices),
      ...postbackHandlers({ service: deps.postbacks, networkId: () => settings.current().network }),
      ...gatewayHandlers(deps.gateway),
      ...payoutHandlers({
        service: deps.payouts,
        store,
        networkId: () => settings.current().network,
        explorerTxUrl: async () => (await network()).explorerTxUrl,
        walletPublicKey: async () => (await network()).appWallet
      })
    }),
    { onInternalError: deps.onInternalError }
  )
}

/**
 * Every handler behind the check of CHANNEL_NEEDS: the person working must hold the channel's
 * capability (on a desk without people, the owner holds them all). Refusals are audited by the
 * session and reach the window as the sentence "… may not …: ask …".
 */
function guarded(session: DeskSession, handlers: Handlers): Handlers {
  const checked: Record<string, unknown> = {}
  for (const [channel, handler] of Object.entries(handlers) as [Channel, (input: unknown) => unknown][]) {
    const need = CHANNEL_NEEDS[channel]
    checked[channel] =
      need === null
        ? handler
        : async (input: unknown) => {
            await session.require(need)
            return handler(input)
          }
  }
  return checked as unknown as Handlers
}
