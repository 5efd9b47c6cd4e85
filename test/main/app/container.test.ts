// The one service container, as each front door opens it: the network chosen (Settings' or the
// process's), the secret backend asked only when a connection opens, the key refused in words by
// connect() while the key-free views still open, and the ledger's wallet bound once given.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Keypair } from '@stellar/stellar-sdk'
import { afterEach, describe, expect, it } from 'vitest'
import { createMainServices, type MainServices, type MainServicesOptions, type NetworkSecrets } from '../../../src/main/app'
import { signerFromSeed } from '../../../src/main/secrets'
import { isUserFacingError } from '../../../src/shared/errors'

const dirs: string[] = []
const open: MainServices[] = []
const WALLET = Keypair.random()
const OTHER_WALLET = Keypair.random().publicKey()

async function container(options: Omit<MainServicesOptions, 'databasePath'> = {}, dir = mkdtempSync(join(tmpdir(), 'md-container-'))): Promise<MainServices> {
  if (!dirs.includes(dir)) dirs.push(dir)
  const created = await createMainServices({ databasePath: join(dir, 'merchant-desk.sqlite'), ...options })
  open.push(created)
  return created
}

async function refusal(work: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await work()
  } catch (error) {
    if (isUserFacingError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('expected a refusal')
}

afterEach(async () => {
  for (const s of open.splice(0)) await s.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('the service container', () => {
  it("follows Settings' network, unless the process fixed one", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-container-'))
    const app = await container({}, dir)
    expect(app.networkId()).toBe('sandbox')
    await app.settings.update({ network: 'mainnet' })
    expect(app.networkId()).toBe('mainnet')
    await app.close()
    open.splice(open.indexOf(app), 1)

    const cli = await container({ network: 'testnet' }, dir)
    expect(cli.settings.current().network).toBe('mainnet')
    expect(cli.networkId()).toBe('testnet')
  })

  it('asks the secret backend only when a connection opens, and takes its key, wallet and signer', async () => {
    const asked: string[] = []
    const signer = signerFromSeed(WALLET.secret())
    const s = await container({
      network: 'testnet',
      secretBackend: () => async (network): Promise<NetworkSecrets> => {
        asked.push(network)
        return { apiKey: 'key-from-backend', walletPublicKey: WALLET.publicKey(), signer }
      }
    })
    expect(asked).toEqual([])
    const connection = await s.connect()
    expect(asked).toEqual(['testnet'])
    expect(connection).toMatchObject({ networkId: 'testnet', passphrase: 'Pi Testnet', hasApiKey: true, appWallet: WALLET.publicKey() })
    expect(connection.signer()?.publicKey).toBe(WALLET.publicKey())
    // One connection per network: the same clients, not a new set per call.
    expect(await s.connect()).toBe(connection)
  })

  it('refuses to connect without a key, in words, while the views that need none still open', async () => {
    const s = await container({ network: 'mainnet' })
    const workspace = await s.workspace()
    expect(workspace.connection).toMatchObject({ networkId: 'mainnet', hasApiKey: false, appWallet: null })
    const refused = await refusal(() => s.connect())
    expect(refused.code).toBe('api_key_missing')
    expect(refused.message).toMatch(/No Pi API key is set for Mainnet/)
  })

  it('reaches a sandbox at the endpoints given, on the sandbox network with the testnet passphrase', async () => {
    const s = await container({
      network: 'sandbox',
      sandboxServers: 'endpoints',
      remote: { platformUrl: 'http://127.0.0.1:9', horizonUrl: 'http://127.0.0.1:10' }
    })
    const { connection } = await s.workspace()
    expect(connection).toMatchObject({
      networkId: 'sandbox',
      passphrase: 'Pi Testnet',
      platformUrl: 'http://127.0.0.1:9',
      horizonUrl: 'http://127.0.0.1:10',
      hasApiKey: false
    })
    expect(s.sandbox()).toBeNull()
  })

  it("binds the ledger's wallet once given, and refuses another one on the next open", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-container-'))
    const first = await container({ network: 'testnet' }, dir)
    expect(first.ledgerWallet()).toBeNull()
    expect(await first.bindLedgerWallet({ address: WALLET.publicKey(), source: '--wallet' })).toBe(WALLET.publicKey())
    expect(first.ledgerWallet()).toBe(WALLET.publicKey())
    await first.close()
    open.splice(open.indexOf(first), 1)

    const second = await container({ network: 'testnet' }, dir)
    expect(await second.bindLedgerWallet(null)).toBe(WALLET.publicKey())
    const refused = await refusal(async () => second.bindLedgerWallet({ address: OTHER_WALLET, source: '--wallet' }))
    expect(refused.code).toBe('app_wallet_mismatch')
    expect(refused.message).toContain(WALLET.publicKey())
    expect(refused.message).toContain(OTHER_WALLET)
  })

  it('builds the router on first use, over the same settings service', async () => {
    const s = await container({ network: 'testnet' })
    expect(await s.router.call('settings:update', { businessTimeZone: 'Asia/Tokyo' })).toMatchObject({ ok: true })
    expect(s.settings.current().businessTimeZone).toBe('Asia/Tokyo')
    expect(s.router).toBe(s.router)
  })
})
