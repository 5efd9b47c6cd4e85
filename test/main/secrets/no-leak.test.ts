// Invariant 2: no answer of a `secrets:*` channel carries the API key, the seed or the passphrase,
// whatever happens: accepted, refused by a check, refused as malformed, locked, cleared; with the
// passphrase vault and with the OS keychain.
import { Keypair } from '@stellar/stellar-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPiPlatformClient } from '../../../src/main/pi'
import { createRouter } from '../../../src/main/ipc'
import { secretsHandlers, type OsEncryption } from '../../../src/main/secrets'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { CHANNEL_NAMES } from '../../../src/shared/contract'
import { handlersFor } from '../../support/handlers'
import { fakeKeychain, openSecretsWorld, PASSPHRASE } from './fixture'

let sandbox: RunningSandbox
beforeAll(async () => {
  sandbox = await startSandbox({ ledgerIntervalMs: 0 })
  // An open refund: Pi then names the app wallet, so a wrong seed is refused by the app-wallet check.
  const pi = createPiPlatformClient({ baseUrl: sandbox.platformUrl, apiKey: sandbox.apiKey })
  await pi.createPayment({ amount: 10_000_000n, memo: 'Refund', metadata: { refund: 1 }, uid: sandbox.buyers[0]!.uid })
})
afterAll(async () => {
  await sandbox?.close()
})

async function everyAnswer(os: OsEncryption | null): Promise<{ answers: unknown[]; secrets: string[] }> {
  const world = openSecretsWorld({ os })
  const stranger = Keypair.random().secret()
  const wrongKey = `${sandbox.apiKey.slice(0, -3)}xyz`
  const secrets = [sandbox.apiKey, sandbox.appWallet.seed, sandbox.otherNetwork.appWallet.seed, stranger, wrongKey, PASSPHRASE, 'SBADSEED']
  try {
    const router = createRouter(
      handlersFor(
        secretsHandlers({
          secrets: world.secrets,
          store: world.store,
          actor: () => 'maria',
          endpoints: () => ({ platformUrl: sandbox.platformUrl, horizonUrl: sandbox.horizonUrl, passphrase: 'Pi Testnet' }),
          checkOptions: { retry: { maxAttempts: 1 } }
        })
      )
    )
    const answers: unknown[] = []
    const call = async (channel: string, input: unknown) => {
      const answer = await router.call(channel, input)
      answers.push({ channel, answer })
      return answer
    }
    await call('secrets:status', undefined)
    await call('secrets:save', { network: 'testnet', apiKey: sandbox.apiKey }) // locked or no passphrase yet (vault only)
    await call('secrets:unlock', { passphrase: PASSPHRASE.slice(0, 5), create: true })
    await call('secrets:unlock', { passphrase: PASSPHRASE, create: true })
    await call('secrets:save', { network: 'testnet', apiKey: wrongKey, walletSeed: sandbox.appWallet.seed })
    await call('secrets:save', { network: 'testnet', apiKey: sandbox.apiKey, walletSeed: sandbox.otherNetwork.appWallet.seed })
    await call('secrets:save', { network: 'testnet', apiKey: sandbox.apiKey, walletSeed: stranger })
    await call('secrets:save', { network: 'testnet', apiKey: sandbox.apiKey, walletSeed: 'SBADSEED' })
    await call('secrets:save', { network: 'testnet', walletSeed: `${sandbox.appWallet.seed}${'X'.repeat(200)}` })
    await call('secrets:save', { network: 'testnet', apiKey: sandbox.apiKey, walletSeed: sandbox.appWallet.seed, extra: sandbox.apiKey })
    const saved = await call('secrets:save', { network: 'testnet', apiKey: sandbox.apiKey, walletSeed: sandbox.appWallet.seed })
    expect(saved.ok).toBe(true)
    await call('secrets:save', { network: 'mainnet', apiKey: sandbox.apiKey })
    await call('secrets:status', undefined)
    await call('secrets:lock', undefined)
    await call('secrets:unlock', { passphrase: `${PASSPHRASE}!` })
    await call('secrets:unlock', { passphrase: PASSPHRASE })
    await call('secrets:clear', { network: 'mainnet' })
    await call('secrets:clear', { network: 'sandbox' })
    await call('secrets:status', undefined)
    return { answers, secrets }
  } finally {
    world.close()
  }
}

describe('secrets never come back over IPC', () => {
  it('are in no answer of any secrets:* channel, with the passphrase vault', async () => {
    const { answers, secrets } = await everyAnswer(null)
    const text = JSON.stringify(answers)
    const channels = new Set((answers as { channel: string }[]).map((one) => one.channel))
    expect([...channels].sort()).toEqual(CHANNEL_NAMES.filter((name) => name.startsWith('secrets:')).sort())
    for (const secret of secrets) expect(text).not.toContain(secret)
    // The check would have seen them: the public key and the refusals are there.
    expect(text).toContain(sandbox.appWallet.publicKey)
    expect(text).toContain('wrong_app_wallet')
    expect(text).toContain('api_key_refused')
  })

  it('are in no answer of any secrets:* channel, with the OS keychain', async () => {
    const { answers, secrets } = await everyAnswer(fakeKeychain())
    const text = JSON.stringify(answers)
    for (const secret of secrets) expect(text).not.toContain(secret)
    expect(text).toContain('"storage":"os_keychain"')
    expect(text).toContain(sandbox.appWallet.publicKey)
  })
})
