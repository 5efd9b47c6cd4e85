// The dataset's buyers: uids, usernames, tokens and wallet keys drawn from the seeded PRNG.
// Deriving an ed25519 public key costs about a millisecond here, so only the first KEYED_BUYERS
// get real keypairs (their secret seed comes from the PRNG: tests can sign as them); beyond that,
// addresses are random public keys whose secret nobody holds, which is all bulk history needs.
import { Keypair, StrKey } from '@stellar/stellar-sdk'
import { newAccessToken, newUserUid } from '../platform/identifiers'
import { WALLET_ADDRESS_SCOPE, type PlatformUser, type SandboxApp } from '../platform/records'
import type { PlatformState } from '../platform/state'
import type { Prng } from './prng'
import { NO_WALLET_SCOPE_SHARE } from './shares'

export const KEYED_BUYERS = 2_000

export interface DatasetBuyer {
  readonly user: PlatformUser
  readonly address: string
  /** The wallet's keypair, or null beyond the first KEYED_BUYERS. */
  readonly keypair: Keypair | null
}

const NAMES = ['amara', 'bao', 'chidi', 'dara', 'emeka', 'fatima', 'guo', 'hana', 'ifeoma', 'jun', 'kofi', 'lina', 'minh', 'nadia', 'oluchi', 'priya']

export function keypairFromPrng(prng: Prng): Keypair {
  return Keypair.fromRawEd25519Seed(Buffer.from(prng.bytes(32)))
}

export function createBuyers(prng: Prng, platform: PlatformState, app: SandboxApp, count: number): DatasetBuyer[] {
  const buyers: DatasetBuyer[] = []
  for (let i = 0; i < count; i++) {
    const keypair = i < KEYED_BUYERS ? keypairFromPrng(prng) : null
    const address = keypair?.publicKey() ?? StrKey.encodeEd25519PublicKey(Buffer.from(prng.bytes(32)))
    const scopes = prng.chance(NO_WALLET_SCOPE_SHARE) ? ['username', 'payments'] : ['username', 'payments', WALLET_ADDRESS_SCOPE]
    const user = platform.registerUser({
      app,
      username: `${prng.pick(NAMES)}${i}`,
      walletAddress: address,
      scopes,
      uid: newUserUid(prng.int),
      accessToken: newAccessToken(prng.int)
    })
    buyers.push({ user, keypair, address })
  }
  return buyers
}
