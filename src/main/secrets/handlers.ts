// The five `secrets:*` channels. Answers carry "configured", public keys, network names and check
// sentences: never a key or a seed (test/main/secrets/no-leak.test.ts holds every answer to that).
import { SECRET_NETWORKS, type SecretNetwork } from '../../shared/contract/secrets'
import { isUserFacingError } from '../../shared/errors'
import type { MerchantDb } from '../db'
import type { RetryPolicy } from '../pi'
import type { Handlers } from '../../shared/contract'
import { checkSecrets, refusalOf, type NetworkEndpoints } from './check-secrets'
import type { SecretStore } from './secret-store'

export type SecretsChannels = 'secrets:status' | 'secrets:save' | 'secrets:unlock' | 'secrets:lock' | 'secrets:clear'

export interface SecretsHandlerDeps {
  readonly secrets: SecretStore
  /** The ledger (the app wallet of known payments) and the audit log. */
  readonly store: MerchantDb
  /** Who the audit log names: "desktop" in the app. */
  /** Who acts now (the person working at the desk). */
  readonly actor: () => string
  readonly endpoints: (network: SecretNetwork) => NetworkEndpoints
  /** After a network's secrets changed or became readable (unlock) or unreadable (lock). Must not throw. */
  readonly onChanged?: (network: SecretNetwork) => void
  /** Tests: shorter timeouts and retries for the checks. */
  readonly checkOptions?: { readonly timeoutMs?: number; readonly retry?: Partial<RetryPolicy> }
}

export function secretsHandlers(deps: SecretsHandlerDeps): Pick<Handlers, SecretsChannels> {
  const { secrets } = deps
  const changed = (networks: readonly SecretNetwork[]) => {
    for (const network of networks) deps.onChanged?.(network)
  }
  const configuredNetworks = async () => {
    const { networks } = await secrets.status()
    return SECRET_NETWORKS.filter((network) => {
      const view = networks.find((one) => one.network === network)
      return view !== undefined && (view.apiKeyConfigured || view.walletConfigured)
    })
  }

  return {
    'secrets:status': () => secrets.status(),

    'secrets:save': async ({ network, apiKey, walletSeed }) => {
      // Locked or no passphrase: say so now, not after the merchant waited for the checks.
      await secrets.assertCanSave()
      const checks = await checkSecrets({
        network,
        endpoints: deps.endpoints(network),
        store: deps.store,
        newApiKey: apiKey ?? null,
        newWalletSeed: walletSeed ?? null,
        savedApiKey: apiKey === undefined ? await savedApiKey(secrets, network) : null,
        savedWalletPublicKey: await secrets.walletPublicKey(network),
        ...deps.checkOptions
      })
      const refusal = refusalOf(checks)
      if (refusal !== null) throw refusal
      const toSave = { ...(apiKey === undefined ? {} : { apiKey }), ...(walletSeed === undefined ? {} : { walletSeed }) }
      await secrets.save(network, toSave, { actor: deps.actor() })
      changed([network])
      return { status: await secrets.status(), checks }
    },

    'secrets:unlock': async ({ passphrase, create }) => {
      await secrets.unlock(passphrase, create === undefined ? {} : { create })
      changed(await configuredNetworks())
      return secrets.status()
    },

    'secrets:lock': async () => {
      secrets.lock()
      changed(await configuredNetworks())
      return secrets.status()
    },

    'secrets:clear': async ({ network }) => {
      await secrets.clear(network, { actor: deps.actor() })
      changed([network])
      return secrets.status()
    }
  }
}

/** The saved key, only to ask Pi for the app wallet; a key that cannot be read just gives no answer. */
async function savedApiKey(secrets: SecretStore, network: SecretNetwork): Promise<string | null> {
  try {
    return await secrets.apiKey(network)
  } catch (error) {
    if (isUserFacingError(error)) return null
    throw error
  }
}
