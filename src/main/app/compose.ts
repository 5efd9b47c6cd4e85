// The composition root shared by the three front doors (Electron, CLI, browser preview): it opens
// the database, builds the services with their collaborators, and the router over them.
// Nothing here imports electron; Electron-only effects (opening a browser) are injected.
import { openDatabase, SettingsRepository, type MerchantDb } from '../db'
import { EventBus } from '../router/events'
import { appHandlers } from '../router/handlers/app-handlers'
import { settingsHandlers } from '../router/handlers/settings-handlers'
import { createRouter, type Router } from '../router/router'
import { SettingsService } from '../settings/settings-service'

export interface MainServicesOptions {
  readonly databasePath: string
  readonly version: string
  /** Opens an http(s) URL in the system browser; answers whether it did. */
  readonly openExternal: (url: string) => Promise<boolean>
  readonly now?: () => Date
  /** Where unexpected errors go (a log); never to the user as such. */
  readonly onInternalError?: (where: string, error: unknown) => void
}

export interface MainServices {
  readonly router: Router
  readonly events: EventBus
  readonly store: MerchantDb
  readonly settings: SettingsService
  close(): Promise<void>
}

export async function createMainServices(options: MainServicesOptions): Promise<MainServices> {
  const store = openDatabase(options.databasePath, options.now ? { now: options.now } : {})
  const events = new EventBus()
  const settings = new SettingsService(new SettingsRepository(store), events)

  const router = createRouter(
    {
      ...appHandlers({ version: options.version, settings, openExternal: options.openExternal }),
      ...settingsHandlers(settings)
    },
    { onInternalError: options.onInternalError ?? reportToStderr }
  )

  return {
    router,
    events,
    store,
    settings,
    close: async () => {
      store.close()
    }
  }
}

function reportToStderr(where: string, error: unknown): void {
  // Only the error's name and message: stacks and request configs can carry local paths or keys.
  const text = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown'
  process.stderr.write(`merchant-desk: internal error in ${where}: ${text}\n`)
}
