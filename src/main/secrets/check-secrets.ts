// What is checked before a key or a seed is saved (issue #6): the seed's format; that Pi accepts
// the API key; that the seed's wallet is the app wallet Pi reports; that the wallet exists on this
// network's chain. A definite "no" refuses the save (refusalOf) and nothing is written; a server
// that cannot be reached gives "not decided" (ok: null), the save goes ahead, and the payout
// journal checks the wallet again before every signature.
//
// Invariant: no sentence built here contains the key or the seed; only public keys and network names.
import type { SecretCheckName, SecretCheckView, SecretNetwork } from '../../shared/contract/secrets'
import { isUserFacingError, UserFacingError } from '../../shared/errors'
import { NETWORKS, type PiNetworkName } from '../../shared/network'
import type { Payment } from '../../shared/payments'
import type { MerchantDb } from '../db'
import { createHorizonClient } from '../horizon'
import { createPiPlatformClient, isPiApiError, type RetryPolicy } from '../pi'
import { appWalletEvidence } from './app-wallet-evidence'
import { invalidSeed, isValidSeed, publicKeyOfSeed } from './wallet-signer'

/** Where a network's servers are. */
export interface NetworkEndpoints {
  readonly platformUrl: string
  readonly horizonUrl: string
  /** "Pi Testnet" or "Pi Network". */
  readonly passphrase: PiNetworkName
}

export interface SecretCheckRequest {
  readonly network: SecretNetwork
  readonly endpoints: NetworkEndpoints
  /** The ledger: the app wallet seen in this network's payments. */
  readonly store: MerchantDb
  /** What is being saved now (null: not part of this save). */
  readonly newApiKey: string | null
  readonly newWalletSeed: string | null
  /** What is already saved, so a new key is compared with the saved wallet and a new seed asks Pi with the saved key. */
  readonly savedApiKey: string | null
  readonly savedWalletPublicKey: string | null
  /** Per request to Pi and Horizon (default 15 s). */
  readonly timeoutMs?: number
  readonly retry?: Partial<RetryPolicy>
}

const DEFAULT_TIMEOUT_MS = 15_000
const DEFAULT_RETRY: Partial<RetryPolicy> = { maxAttempts: 2 }

type PiAnswer =
  | { readonly kind: 'accepted'; readonly payments: readonly Payment[] }
  | { readonly kind: 'refused' }
  | { readonly kind: 'unknown'; readonly reason: string }

export async function checkSecrets(request: SecretCheckRequest): Promise<SecretCheckView[]> {
  const label = NETWORKS[request.network].label
  if (request.newWalletSeed !== null && !isValidSeed(request.newWalletSeed)) {
    // Checked first and alone: nothing is sent anywhere for a seed that cannot be one.
    return [check('seed_format', false, invalidSeed().message)]
  }
  const checks: SecretCheckView[] = []
  const newPublicKey = request.newWalletSeed === null ? null : publicKeyOfSeed(request.newWalletSeed)
  if (newPublicKey !== null) checks.push(check('seed_format', true, `The seed is well formed; its wallet is ${newPublicKey}.`))

  const keyToAsk = request.newApiKey ?? request.savedApiKey
  const [piAnswer, walletCheck] = await Promise.all([
    keyToAsk === null ? Promise.resolve(null) : askPi(request, keyToAsk),
    newPublicKey === null ? Promise.resolve(null) : walletAccountCheck(request, newPublicKey, label)
  ])

  if (request.newApiKey !== null && piAnswer !== null) checks.push(apiKeyCheck(piAnswer, request.endpoints.passphrase, label))

  const publicKey = newPublicKey ?? request.savedWalletPublicKey
  if (publicKey !== null) {
    const payments = piAnswer?.kind === 'accepted' ? samePayments(piAnswer.payments, request.endpoints.passphrase) : null
    checks.push(await appWalletCheck(request, publicKey, payments, newPublicKey !== null, label))
  }
  if (walletCheck !== null) checks.push(walletCheck)
  return checks
}

/** The error that refuses the save, when a check definitely failed; null when it may go ahead. */
export function refusalOf(checks: readonly SecretCheckView[]): UserFacingError | null {
  const failed = checks.filter((one) => one.ok === false)
  const first = failed[0]
  if (first === undefined) return null
  return new UserFacingError(REFUSAL_CODES[first.check], `Nothing was saved. ${failed.map((one) => one.message).join(' ')}`, {
    checks: failed.map((one) => one.check)
  })
}

const REFUSAL_CODES: Readonly<Record<SecretCheckName, string>> = {
  seed_format: 'invalid_seed',
  api_key: 'api_key_refused',
  app_wallet: 'wrong_app_wallet',
  wallet_account: 'wallet_not_found'
}

async function askPi(request: SecretCheckRequest, apiKey: string): Promise<PiAnswer> {
  try {
    const pi = createPiPlatformClient({
      baseUrl: request.endpoints.platformUrl,
      apiKey,
      timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retry: request.retry ?? DEFAULT_RETRY
    })
    return { kind: 'accepted', payments: await pi.incompleteServerPayments() }
  } catch (error) {
    if (isPiApiError(error) && (error.code === 'pi_key_rejected' || error.httpStatus === 401)) return { kind: 'refused' }
    if (isUserFacingError(error) && error.code === 'invalid_pi_key') return { kind: 'refused' }
    if (isUserFacingError(error)) return { kind: 'unknown', reason: error.message }
    throw error
  }
}

function apiKeyCheck(answer: PiAnswer, passphrase: PiNetworkName, label: string): SecretCheckView {
  if (answer.kind === 'refused') {
    return check(
      'api_key',
      false,
      `Pi refused this API key. Copy the server API key of your ${label} app from the Pi Developer Portal (each network has its own key) and enter it again.`
    )
  }
  if (answer.kind === 'unknown') {
    return check('api_key', null, `The API key could not be checked with Pi just now: ${answer.reason} It is saved anyway and checked again the next time Merchant Desk talks to Pi.`)
  }
  const foreign = answer.payments.find((payment) => payment.network !== passphrase)
  if (foreign !== undefined) {
    const theirs = foreign.network === 'Pi Network' ? 'Mainnet' : 'Testnet'
    return check(
      'api_key',
      false,
      `This API key belongs to a ${theirs} app: Pi's payments for it are on ${theirs}. Enter the key of your ${label} app instead.`
    )
  }
  return check('api_key', true, `Pi accepted the API key for ${label}.`)
}

async function appWalletCheck(
  request: SecretCheckRequest,
  publicKey: string,
  piPayments: readonly Payment[] | null,
  seedIsNew: boolean,
  label: string
): Promise<SecretCheckView> {
  const evidence = await appWalletEvidence(request.store, request.network, piPayments)
  if (evidence.wallet === null) {
    return check(
      'app_wallet',
      null,
      `No payment of this app is known yet, so the wallet could not be compared with the app wallet Pi reports. Every refund compares it again before it is signed.`
    )
  }
  if (evidence.wallet === publicKey) {
    return check('app_wallet', true, `The wallet ${publicKey} is your app's wallet on ${label} (seen in ${evidence.source}).`)
  }
  return check(
    'app_wallet',
    false,
    seedIsNew
      ? `This seed belongs to the wallet ${publicKey}, but your app's wallet on ${label} is ${evidence.wallet} (seen in ${evidence.source}). Enter the secret seed of the app wallet ${evidence.wallet}.`
      : `This API key's app pays from the wallet ${evidence.wallet} (seen in ${evidence.source}), but the wallet saved for ${label} is ${publicKey}. Enter the key and the seed of the same app.`
  )
}

async function walletAccountCheck(request: SecretCheckRequest, publicKey: string, label: string): Promise<SecretCheckView> {
  try {
    const horizon = createHorizonClient({
      url: request.endpoints.horizonUrl,
      expectedPassphrase: request.endpoints.passphrase,
      timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retry: request.retry ?? DEFAULT_RETRY
    })
    await horizon.checkNetwork()
    const account = await horizon.account(publicKey)
    if (account !== null) return check('wallet_account', true, `The wallet ${publicKey} exists on the ${label} blockchain.`)
    return check(
      'wallet_account',
      false,
      `The wallet ${publicKey} does not exist on the ${label} blockchain. Check that this is your app wallet's seed for ${label}: Mainnet and Testnet wallets are different.`
    )
  } catch (error) {
    if (!isUserFacingError(error)) throw error
    return check(
      'wallet_account',
      null,
      `The blockchain could not be asked whether the wallet exists: ${error.message} The seed is saved; the wallet is checked again on the next sync.`
    )
  }
}

/** Payments of this network only: a Mainnet payment says nothing about the Testnet wallet. */
function samePayments(payments: readonly Payment[], passphrase: PiNetworkName): readonly Payment[] {
  return payments.filter((payment) => payment.network === passphrase)
}

function check(name: SecretCheckName, ok: boolean | null, message: string): SecretCheckView {
  return { check: name, ok, message }
}
