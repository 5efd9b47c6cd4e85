// When the desktop app looks for updates: only installed (packaged), never on the sandbox network,
// and again every few hours against the network chosen at that moment.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startAutoUpdates, UPDATE_CHECK_INTERVAL_MS, wantsUpdates } from '../../../src/main/electron/auto-update'
import type { NetworkId } from '../../../src/shared/network'

afterEach(() => {
  vi.useRealTimers()
})

describe('wantsUpdates', () => {
  it.each<[boolean, NetworkId, boolean]>([
    [false, 'sandbox', false],
    [false, 'testnet', false],
    [false, 'mainnet', false],
    [true, 'sandbox', false],
    [true, 'testnet', true],
    [true, 'mainnet', true]
  ])('packaged %s, on %s: %s', (isPackaged, network, expected) => {
    expect(wantsUpdates({ isPackaged, network })).toBe(expected)
  })
})

describe('startAutoUpdates', () => {
  it('does nothing at all in an app run from a checkout', () => {
    vi.useFakeTimers()
    const network = vi.fn((): NetworkId => 'mainnet')
    const onError = vi.fn()
    startAutoUpdates({ isPackaged: false, network, onError })
    vi.advanceTimersByTime(3 * UPDATE_CHECK_INTERVAL_MS)
    expect(network).not.toHaveBeenCalled()
    expect(onError).not.toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('in an installed app on the sandbox, looks at the network now and every interval, and stops when told', () => {
    vi.useFakeTimers()
    const network = vi.fn((): NetworkId => 'sandbox')
    const onError = vi.fn()
    const stop = startAutoUpdates({ isPackaged: true, network, onError })
    expect(network).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(2 * UPDATE_CHECK_INTERVAL_MS)
    expect(network).toHaveBeenCalledTimes(3)
    stop()
    vi.advanceTimersByTime(2 * UPDATE_CHECK_INTERVAL_MS)
    expect(network).toHaveBeenCalledTimes(3)
    expect(onError).not.toHaveBeenCalled()
  })
})
