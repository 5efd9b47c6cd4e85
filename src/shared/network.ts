// The three networks a merchant can point the app at. The sandbox is the default of a fresh
// install: it simulates Pi's servers on loopback so everything works with no keys.

export const NETWORK_IDS = ['sandbox', 'testnet', 'mainnet'] as const
export type NetworkId = (typeof NETWORK_IDS)[number]

/** The `network` string Pi writes on a PaymentDTO; also the Stellar network passphrase, verbatim. */
export type PiNetworkName = 'Pi Network' | 'Pi Testnet'

export interface NetworkProfile {
  readonly id: NetworkId
  /** What the badge says. */
  readonly label: string
  readonly passphrase: PiNetworkName
  /** Real endpoints; the sandbox's are assigned when it starts on loopback. */
  readonly platformUrl: string | null
  readonly horizonUrl: string | null
  /** Block explorer base for a transaction link, or null when there is none (sandbox). */
  readonly explorerTxUrl: string | null
}

export const NETWORKS: Readonly<Record<NetworkId, NetworkProfile>> = {
  sandbox: {
    id: 'sandbox',
    label: 'Sandbox',
    // The sandbox plays a Testnet app: A2U is documented for Testnet.
    passphrase: 'Pi Testnet',
    platformUrl: null,
    horizonUrl: null,
    explorerTxUrl: null
  },
  testnet: {
    id: 'testnet',
    label: 'Testnet',
    passphrase: 'Pi Testnet',
    platformUrl: 'https://api.minepi.com',
    horizonUrl: 'https://api.testnet.minepi.com',
    explorerTxUrl: 'https://blockexplorer.minepi.com/testnet/tx/'
  },
  mainnet: {
    id: 'mainnet',
    label: 'Mainnet',
    passphrase: 'Pi Network',
    platformUrl: 'https://api.minepi.com',
    horizonUrl: 'https://api.mainnet.minepi.com',
    explorerTxUrl: 'https://blockexplorer.minepi.com/mainnet/tx/'
  }
}

export function isNetworkId(value: unknown): value is NetworkId {
  return typeof value === 'string' && (NETWORK_IDS as readonly string[]).includes(value)
}

/**
 * A payment's `network` (Pi's passphrase) as the app names networks on its badge: the desk's own
 * network by its label (the sandbox shares Testnet's passphrase but is shown as Sandbox), another
 * by the label of the real network with that passphrase, anything else quoted as Pi wrote it.
 */
export function networkName(passphrase: string, current: NetworkId): string {
  if (passphrase === NETWORKS[current].passphrase) return NETWORKS[current].label
  const real = NETWORK_IDS.map((id) => NETWORKS[id]).find((network) => network.id !== 'sandbox' && network.passphrase === passphrase)
  return real?.label ?? `"${passphrase}"`
}
