// A desk run by a named person (issue 18), built the way the command line builds one (the ONE
// service container, pointed at a sandbox's Pi and Horizon, the key and seed from the caller), so
// a test can open it in its own process or in a child (refund-as-person.ts). Its ledger is any
// location: a SQLite file, or a team's PostgreSQL address, with a person's own login or not.
import { createMainServices, type MainServices } from '../../src/main/app/compose'
import { signerFromSeed } from '../../src/main/secrets/wallet-signer'

export interface PersonDeskOptions {
  /** The ledger: a file, or a `postgres://` address (with the person's own login, when they have one). */
  readonly ledger: string
  /** This desk's own file (on a team ledger, its secrets would live there). */
  readonly deskFile: string
  readonly platformUrl: string
  readonly horizonUrl: string
  readonly apiKey: string
  readonly walletSeed: string
}

/** Cheap scrypt for people's secrets: the tests' unlocks take milliseconds. */
export const TEST_PERSON_SECRET_COST = { N: 2 ** 10, r: 8, p: 1 }

export async function openPersonDesk(options: PersonDeskOptions): Promise<MainServices> {
  const desk = await createMainServices({
    databasePath: options.ledger,
    deskDatabasePath: options.deskFile,
    network: 'sandbox',
    remote: { platformUrl: options.platformUrl, horizonUrl: options.horizonUrl },
    sandboxServers: 'endpoints',
    secretBackend: () => async () => ({ apiKey: options.apiKey, walletPublicKey: null, signer: signerFromSeed(options.walletSeed) }),
    personSecretCost: TEST_PERSON_SECRET_COST,
    actor: 'shop-owner',
    version: '0.0.0-test',
    openExternal: async () => false
  })
  try {
    // As the command line does with PI_WALLET_SEED: the ledger's app wallet is the seed's.
    await desk.bindLedgerWallet({ address: signerFromSeed(options.walletSeed).publicKey, source: 'PI_WALLET_SEED' })
  } catch (error) {
    await desk.close()
    throw error
  }
  return desk
}
