// Keys and seeds are checked against a real sandbox before they are saved: the right pair is
// accepted, a refused key, another wallet's seed, a seed that is no seed and a key of the other
// network are refused with a sentence and NOTHING is written; unreachable servers leave the checks
// undecided and the save goes ahead. Saves and clears are audited without secrets.
import { Keypair } from '@stellar/stellar-sdk'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditLog } from '../../../src/main/audit'
import { createHorizonClient } from '../../../src/main/horizon'
import { createPiPlatformClient } from '../../../src/main/pi'
import { createRouter, type Router } from '../../../src/main/ipc'
import { secretsHandlers, type NetworkEndpoints } from '../../../src/main/secrets'
import { trackPayments } from '../../../src/main/tracking'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { Buyer } from '../../../src/sandbox/buyer'
import type { SecretCheckView, SecretsSaveView } from '../../../src/shared/contract'
import { handlersFor } from '../../support/handlers'
import { openSecretsWorld, PASSPHRASE, type SecretsWorld } from './fixture'

const PI = 10_000_000n
let sandbox: RunningSandbox
let world: SecretsWorld
let router: Router
let changed: string[]

beforeAll(async () => {
  sandbox = await startSandbox({ ledgerIntervalMs: 0 })
})
afterAll(async () => {
  await sandbox?.close()
})
afterEach(() => world?.close())

function testnetOf(running: RunningSandbox): NetworkEndpoints {
  return { platformUrl: running.platformUrl, horizonUrl: running.horizonUrl, passphrase: 'Pi Testnet' }
}

async function open(endpoints: NetworkEndpoints = testnetOf(sandbox)): Promise<void> {
  world = openSecretsWorld()
  changed = []
  router = createRouter(
    handlersFor(
      secretsHandlers({
        secrets: world.secrets,
        store: world.store,
        actor: () => 'maria',
        endpoints: () => endpoints,
        onChanged: (network) => changed.push(network),
        checkOptions: { retry: { maxAttempts: 1 }, timeoutMs: 5_000 }
      })
    )
  )
  const unlocked = await router.call('secrets:unlock', { passphrase: PASSPHRASE, create: true })
  expect(unlocked.ok).toBe(true)
}

async function save(input: { apiKey?: string; walletSeed?: string }): Promise<SecretsSaveView> {
  const answer = await router.call('secrets:save', { network: 'testnet', ...input })
  if (!answer.ok) throw new Error(`refused: ${answer.error.code}: ${answer.error.message}`)
  return answer.value
}

async function refusal(input: { apiKey?: string; walletSeed?: string }): Promise<{ code: string; message: string }> {
  const answer = await router.call('secrets:save', { network: 'testnet', ...input })
  if (answer.ok) throw new Error(`expected a refusal, got ${JSON.stringify(answer.value.checks)}`)
  return answer.error
}

function outcomes(checks: readonly SecretCheckView[]): [string, boolean | null][] {
  return checks.map((one) => [one.check, one.ok])
}

function nothingWritten(): void {
  expect(world.store.sqlite.prepare('SELECT count(*) FROM secrets').pluck().get()).toBe(0n)
  expect(world.store.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0n)
  expect(changed).toEqual([])
}

describe('before Pi or the ledger show the app wallet', () => {
  it('saves the right key and seed; the wallet cannot be compared yet, so that check is undecided', async () => {
    await open()
    const { status, checks } = await save({ apiKey: sandbox.apiKey, walletSeed: sandbox.appWallet.seed })
    expect(outcomes(checks)).toEqual([
      ['seed_format', true],
      ['api_key', true],
      ['app_wallet', null],
      ['wallet_account', true]
    ])
    expect(checks.find((one) => one.check === 'app_wallet')!.message).toMatch(/No payment of this app is known yet/)
    expect(status.networks.find((view) => view.network === 'testnet')).toMatchObject({
      apiKeyConfigured: true,
      walletConfigured: true,
      walletPublicKey: sandbox.appWallet.publicKey
    })
    expect(await world.secrets.apiKey('testnet')).toBe(sandbox.apiKey)
    expect(changed).toEqual(['testnet'])
  })

  it("compares with this network's payments in the ledger: a buyer's seed is refused with the app-wallet sentence", async () => {
    await open()
    const pi = createPiPlatformClient({ baseUrl: sandbox.platformUrl, apiKey: sandbox.apiKey })
    const horizon = createHorizonClient({ url: sandbox.horizonUrl, expectedPassphrase: 'Pi Testnet' })
    const shopper = Buyer.create({ platform: sandbox.platform.state, app: sandbox.app, username: 'ledger-shopper' })
    const id = shopper.startPayment({ amount: 2, memo: 'Mug', metadata: { order: 'M-1' } }).identifier
    await trackPayments({ store: world.store, pi, horizon, networkId: 'testnet', appWallet: sandbox.appWallet.publicKey, ids: [id] })

    const error = await refusal({ walletSeed: shopper.keypair.secret() })
    expect(error.code).toBe('wrong_app_wallet')
    expect(error.message).toContain(`your app's wallet on Testnet is ${sandbox.appWallet.publicKey}`)
    expect(error.message).toContain('payments in your ledger')
    expect(error.message).not.toContain(shopper.keypair.secret())
    nothingWritten()

    const { checks } = await save({ walletSeed: sandbox.appWallet.seed })
    expect(outcomes(checks)).toEqual([
      ['seed_format', true],
      ['app_wallet', true],
      ['wallet_account', true]
    ])
  })
})

describe('once Pi reports the app wallet (an open refund of the app)', () => {
  beforeAll(async () => {
    const pi = createPiPlatformClient({ baseUrl: sandbox.platformUrl, apiKey: sandbox.apiKey })
    const alice = sandbox.buyers[0]!
    await pi.createPayment({ amount: 1n * PI, memo: 'Refund of a mug', metadata: { refund: 'M-1' }, uid: alice.uid })
  })

  it('accepts the right key and seed with every check passed', async () => {
    await open()
    const { checks } = await save({ apiKey: sandbox.apiKey, walletSeed: sandbox.appWallet.seed })
    expect(outcomes(checks)).toEqual([
      ['seed_format', true],
      ['api_key', true],
      ['app_wallet', true],
      ['wallet_account', true]
    ])
    expect(checks.find((one) => one.check === 'app_wallet')!.message).toContain("Pi's record of this app's payments")
  })

  it('refuses a key Pi does not accept, and writes nothing', async () => {
    await open()
    const error = await refusal({ apiKey: 'not-the-key-of-this-app', walletSeed: sandbox.appWallet.seed })
    expect(error.code).toBe('api_key_refused')
    expect(error.message).toMatch(/^Nothing was saved\. Pi refused this API key\. Copy the server API key of your Testnet app/)
    nothingWritten()
  })

  it("refuses the other network's app wallet seed with the app-wallet sentence, and writes nothing", async () => {
    await open()
    const error = await refusal({ apiKey: sandbox.apiKey, walletSeed: sandbox.otherNetwork.appWallet.seed })
    expect(error.code).toBe('wrong_app_wallet')
    expect(error.message).toContain(
      `This seed belongs to the wallet ${sandbox.otherNetwork.appWallet.publicKey}, but your app's wallet on Testnet is ${sandbox.appWallet.publicKey}`
    )
    // It does not exist on this network's chain either; both are said.
    expect(error.message).toContain('does not exist on the Testnet blockchain')
    nothingWritten()
  })

  it("refuses a random wallet's seed: not the app wallet, and not on the chain", async () => {
    await open()
    const stranger = Keypair.random()
    const error = await refusal({ apiKey: sandbox.apiKey, walletSeed: stranger.secret() })
    expect(error.code).toBe('wrong_app_wallet')
    expect(error.message).toContain(`This seed belongs to the wallet ${stranger.publicKey()}`)
    expect(error.message).toContain(`The wallet ${stranger.publicKey()} does not exist on the Testnet blockchain`)
    nothingWritten()
  })

  it('refuses a malformed seed before anything is sent to Pi or the chain', async () => {
    await open()
    const before = sandbox.platform.requests.count() + sandbox.horizon.requests.count()
    const error = await refusal({ apiKey: sandbox.apiKey, walletSeed: 'SBADSEED' })
    expect(error.code).toBe('invalid_seed')
    expect(error.message).toContain('The wallet seed is not valid: it starts with S and has 56 characters')
    expect(sandbox.platform.requests.count() + sandbox.horizon.requests.count()).toBe(before)
    nothingWritten()
  })

  it('refuses the key of a Mainnet app for Testnet', async () => {
    await open()
    const mainnetPi = createPiPlatformClient({ baseUrl: sandbox.platformUrl, apiKey: sandbox.otherNetwork.app.apiKey })
    const dave = Buyer.create({ platform: sandbox.platform.state, app: sandbox.otherNetwork.app, username: 'dave' })
    await mainnetPi.createPayment({ amount: 1n * PI, memo: 'Reward', metadata: { reward: 1 }, uid: dave.uid })
    const error = await refusal({ apiKey: sandbox.otherNetwork.app.apiKey })
    expect(error.code).toBe('api_key_refused')
    expect(error.message).toContain('This API key belongs to a Mainnet app')
    nothingWritten()
  })

  it('compares a new key with the wallet already saved', async () => {
    await open()
    // Saved earlier without checks (an old version, say): a buyer's seed instead of the app's.
    const shopper = sandbox.buyers[1]!
    await world.secrets.save('testnet', { walletSeed: shopper.keypair.secret() })
    const error = await refusal({ apiKey: sandbox.apiKey })
    expect(error.code).toBe('wrong_app_wallet')
    expect(error.message).toContain(
      `This API key's app pays from the wallet ${sandbox.appWallet.publicKey} (seen in Pi's record of this app's payments), but the wallet saved for Testnet is ${shopper.publicKey}`
    )
    expect(await world.secrets.apiKey('testnet')).toBeNull()
  })

  it('refuses at once while the vault is locked, without asking Pi', async () => {
    await open()
    await router.call('secrets:lock', undefined)
    const before = sandbox.platform.requests.count()
    const error = await refusal({ apiKey: sandbox.apiKey })
    expect(error.code).toBe('secrets_locked')
    expect(error.message).toContain('Enter your passphrase in Settings')
    expect(sandbox.platform.requests.count()).toBe(before)
  })
})

describe('unreachable servers', () => {
  it('saves with the checks undecided, each saying what could not be asked', async () => {
    const gone = await startSandbox({ ledgerIntervalMs: 0, seed: 9 })
    const endpoints = testnetOf(gone)
    await gone.close()
    await open(endpoints)
    const { checks, status } = await save({ apiKey: sandbox.apiKey, walletSeed: sandbox.appWallet.seed })
    expect(outcomes(checks)).toEqual([
      ['seed_format', true],
      ['api_key', null],
      ['app_wallet', null],
      ['wallet_account', null]
    ])
    expect(checks.find((one) => one.check === 'api_key')!.message).toContain('could not reach the Pi servers')
    expect(checks.find((one) => one.check === 'wallet_account')!.message).toContain('Horizon')
    expect(status.networks.find((view) => view.network === 'testnet')).toMatchObject({ apiKeyConfigured: true, walletConfigured: true })
  })
})

describe('the audit log', () => {
  it('records each save and clear with who, configured yes/no and the public key, never a secret', async () => {
    await open()
    await save({ apiKey: sandbox.apiKey, walletSeed: sandbox.appWallet.seed })
    const cleared = await router.call('secrets:clear', { network: 'testnet' })
    expect(cleared.ok && cleared.value.networks.find((view) => view.network === 'testnet')).toMatchObject({
      apiKeyConfigured: false,
      walletConfigured: false,
      walletPublicKey: null
    })
    expect(changed).toEqual(['testnet', 'testnet'])

    const rows = world.store.sqlite
      .prepare('SELECT actor, action, subject, before_json, after_json FROM audit_log ORDER BY seq')
      .all() as { actor: string; action: string; subject: string; before_json: string; after_json: string }[]
    expect(rows.map((row) => [row.actor, row.action, row.subject])).toEqual([
      ['maria', 'secrets.save', 'testnet'],
      ['maria', 'secrets.clear', 'testnet']
    ])
    const pk = sandbox.appWallet.publicKey
    expect(JSON.parse(rows[0]!.before_json)).toEqual({ apiKeyConfigured: false, walletConfigured: false, walletPublicKey: null })
    expect(JSON.parse(rows[0]!.after_json)).toEqual({
      apiKeyConfigured: true,
      walletConfigured: true,
      walletPublicKey: pk,
      saved: ['api_key', 'wallet_seed'],
      storage: 'passphrase'
    })
    expect(JSON.parse(rows[1]!.before_json)).toEqual({ apiKeyConfigured: true, walletConfigured: true, walletPublicKey: pk })
    expect(JSON.parse(rows[1]!.after_json)).toMatchObject({ apiKeyConfigured: false, walletConfigured: false, removed: 2 })
    const text = JSON.stringify(rows)
    expect(text).not.toContain(sandbox.apiKey)
    expect(text).not.toContain(sandbox.appWallet.seed)
    expect(await verifyAuditLog(world.store)).toMatchObject({ ok: true, entries: 2 })
  })
})
