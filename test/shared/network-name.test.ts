// A payment's network (Pi's passphrase) in the words of the app's badge: the sandbox shares
// Testnet's passphrase, so on the sandbox "Pi Testnet" must read "Sandbox", never the passphrase.
import { describe, expect, it } from 'vitest'
import { networkName } from '../../src/shared/network'

describe('networkName', () => {
  it("names the desk's own network by its label, the sandbox included", () => {
    expect(networkName('Pi Testnet', 'sandbox')).toBe('Sandbox')
    expect(networkName('Pi Testnet', 'testnet')).toBe('Testnet')
    expect(networkName('Pi Network', 'mainnet')).toBe('Mainnet')
  })

  it('names another real network by its label, and quotes what it does not know', () => {
    expect(networkName('Pi Network', 'sandbox')).toBe('Mainnet')
    expect(networkName('Pi Network', 'testnet')).toBe('Mainnet')
    expect(networkName('Pi Testnet', 'mainnet')).toBe('Testnet')
    expect(networkName('Stellar Public', 'mainnet')).toBe('"Stellar Public"')
  })
})
