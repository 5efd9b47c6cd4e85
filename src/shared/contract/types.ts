// Result types of the contract. Readonly: the renderer reads, it never mutates what main sent.
import type { NetworkId } from '../network'

export interface AppInfo {
  readonly version: string
  readonly network: NetworkId
  readonly networkLabel: string
  /** True when the sandbox network (simulated Pi servers on loopback) is in use. */
  readonly sandbox: boolean
  /** Never the secrets themselves: only whether they are set, and the wallet's public key. */
  readonly credentials: {
    readonly apiKeyConfigured: boolean
    readonly walletConfigured: boolean
    readonly walletPublicKey: string | null
  }
}

export interface AppSettings {
  readonly network: NetworkId
  /** IANA zone used for days, periods and export timestamps. */
  readonly businessTimeZone: string
}
