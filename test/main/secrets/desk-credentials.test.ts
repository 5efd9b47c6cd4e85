// A desk credential that is not a Pi secret (the team database's password) is sealed exactly as the
// keys are: by the keychain or the passphrase's key, bound to its own slot, never readable as text.
import { afterEach, describe, expect, it } from 'vitest'
import { fakeKeychain, openSecretsWorld, PASSPHRASE, type SecretsWorld } from './fixture'

const PASSWORD = 'team-password-never-plain-71'
const worlds: SecretsWorld[] = []
afterEach(() => {
  for (const world of worlds.splice(0)) world.close()
})

function world(options: Parameters<typeof openSecretsWorld>[0] = {}): SecretsWorld {
  const opened = openSecretsWorld(options)
  worlds.push(opened)
  return opened
}

describe('a desk credential', () => {
  it('is sealed by the keychain when there is one, and opens only in its own slot', async () => {
    const keychain = fakeKeychain()
    const { secrets } = world({ os: keychain })
    const sealed = await secrets.sealCredential('team_database_password', PASSWORD)
    expect(sealed.cipher).toBe('os_keychain')
    expect(keychain.encrypted).toBe(1)
    expect(sealed.ciphertext.includes(Buffer.from(PASSWORD))).toBe(false)
    expect(await secrets.openCredential('team_database_password', sealed)).toBe(PASSWORD)
    expect(await secrets.openCredential('another_credential', sealed)).toBeNull()
  })

  it('is sealed with the passphrase where there is no keychain, and refused in words while locked', async () => {
    const { secrets } = world()
    await secrets.unlock(PASSPHRASE, { create: true })
    const sealed = await secrets.sealCredential('team_database_password', PASSWORD)
    expect(sealed.cipher).toBe('passphrase')
    expect(sealed.ciphertext.includes(Buffer.from(PASSWORD))).toBe(false)
    expect(await secrets.openCredential('another_credential', sealed)).toBeNull()
    secrets.lock()
    await expect(secrets.openCredential('team_database_password', sealed)).rejects.toMatchObject({ code: 'secrets_locked' })
    await expect(secrets.sealCredential('team_database_password', PASSWORD)).rejects.toMatchObject({ code: 'secrets_locked' })
    await secrets.unlock(PASSPHRASE)
    expect(await secrets.openCredential('team_database_password', sealed)).toBe(PASSWORD)
  })
})
