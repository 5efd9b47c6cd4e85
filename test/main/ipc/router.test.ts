import { describe, expect, it, vi } from 'vitest'
import { UserFacingError } from '../../../src/shared/errors'
import { createRouter, type Handlers } from '../../../src/main/ipc'
import { handlersFor } from '../../support/handlers'

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const settings = { network: 'sandbox', businessTimeZone: 'UTC' } as const
  return handlersFor({
    'app:info': () => ({
      version: '0.0.0',
      network: 'sandbox',
      networkLabel: 'Sandbox',
      sandbox: true,
      credentials: { apiKeyConfigured: true, walletConfigured: true, walletPublicKey: null }
    }),
    'settings:get': () => settings,
    'settings:update': (change) => ({ ...settings, ...change }),
    'shell:openExternal': () => ({ opened: false }),
    ...overrides
  })
}

describe('router', () => {
  it('answers a valid call with the handler result in an ok envelope', async () => {
    const router = createRouter(handlers())
    expect(await router.call('settings:update', { businessTimeZone: 'Europe/Berlin' })).toEqual({
      ok: true,
      value: { network: 'sandbox', businessTimeZone: 'Europe/Berlin' }
    })
  })

  it('refuses an unknown channel without running anything', async () => {
    const router = createRouter(handlers())
    const result = await router.call('payments:deleteAll', undefined)
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
  })

  it('refuses a wrong shape with invalid_input and never calls the handler', async () => {
    const update = vi.fn()
    const router = createRouter(handlers({ 'settings:update': update }))
    for (const bad of [
      // Whether a name is a real zone is the settings service's to say (test/main/settings).
      { businessTimeZone: 'x'.repeat(65) },
      { businessTimeZone: 42 },
      { network: 'moon' },
      { businessTimeZone: 'UTC', extra: true },
      'UTC',
      null
    ]) {
      const result = await router.call('settings:update', bad)
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_input')
        expect(result.error.message).toMatch(/^The request was not understood/)
      }
    }
    expect(update).not.toHaveBeenCalled()
  })

  it('refuses an input larger than the limit before validating it', async () => {
    const update = vi.fn()
    const router = createRouter(handlers({ 'settings:update': update }), { maxInputBytes: 1000 })
    const result = await router.call('settings:update', { businessTimeZone: 'x'.repeat(2000) })
    expect(result).toMatchObject({ ok: false, error: { code: 'input_too_large' } })
    expect(update).not.toHaveBeenCalled()
  })

  it('refuses cyclic input as too large instead of crashing', async () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    const result = await createRouter(handlers()).call('settings:update', cyclic)
    expect(result).toMatchObject({ ok: false, error: { code: 'input_too_large' } })
  })

  it('passes a UserFacingError through with its code and sentence', async () => {
    const router = createRouter(
      handlers({
        'settings:get': () => {
          throw new UserFacingError('database_too_new', 'This database was written by a newer Merchant Desk.')
        }
      })
    )
    expect(await router.call('settings:get', undefined)).toEqual({
      ok: false,
      error: { code: 'database_too_new', message: 'This database was written by a newer Merchant Desk.' }
    })
  })

  it('hides unexpected errors behind a generic sentence and reports them internally', async () => {
    const reported: unknown[] = []
    const router = createRouter(
      handlers({
        'settings:get': () => {
          throw new Error('SQLITE_CORRUPT at /home/merchant/secret/path key=abc')
        }
      }),
      { onInternalError: (_channel, error) => reported.push(error) }
    )
    const result = await router.call('settings:get', undefined)
    expect(result).toMatchObject({ ok: false, error: { code: 'internal_error' } })
    expect(JSON.stringify(result)).not.toContain('SQLITE_CORRUPT')
    expect(JSON.stringify(result)).not.toContain('key=abc')
    expect(reported).toHaveLength(1)
  })
})
