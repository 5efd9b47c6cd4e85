// A business time zone is checked by the main process, which says in words what was wrong and,
// for a typo, what was meant; nothing is stored and no event is sent for a refused name.
import { describe, expect, it } from 'vitest'
import { type z } from 'zod'
import { createRouter, EventBus, type Handlers } from '../../../src/main/ipc'
import { SettingsService, settingsHandlers, type SettingsStore } from '../../../src/main/settings'
import { nearestTimeZone, notATimeZone } from '../../../src/shared/time-zones'

function memoryStore(): SettingsStore & { readonly values: Map<string, unknown> } {
  const values = new Map<string, unknown>()
  return {
    values,
    async get<T>(key: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
      const parsed = schema.safeParse(values.get(key))
      return parsed.success ? parsed.data : fallback
    },
    async put(key, value) {
      values.set(key, value)
    }
  }
}

describe('the business time zone', () => {
  it('suggests the zone a typo meant, and says plainly when nothing is close', () => {
    expect(notATimeZone('Europe/Berln')).toBe('Europe/Berln is not a time zone; did you mean Europe/Berlin?')
    expect(nearestTimeZone('america/new york')).toBe('America/New_York')
    expect(nearestTimeZone('utc')).toBe('UTC')
    expect(notATimeZone('Mars/Olympus_Mons')).toBe('Mars/Olympus_Mons is not a time zone. Use a name such as Europe/Berlin, America/New_York or UTC.')
  })

  it('is refused over the router with the sentence, storing nothing', async () => {
    const store = memoryStore()
    const router = createRouter(settingsHandlers(await SettingsService.load(store, new EventBus()), store) as unknown as Handlers)
    expect(await router.call('settings:update', { businessTimeZone: 'Europe/Berln' })).toEqual({
      ok: false,
      error: { code: 'invalid_time_zone', message: 'Europe/Berln is not a time zone; did you mean Europe/Berlin?' }
    })
    expect(store.values.size).toBe(0)
    expect(await router.call('settings:update', { businessTimeZone: ' Europe/Berlin ' })).toMatchObject({ ok: true, value: { businessTimeZone: 'Europe/Berlin' } })
  })
})
