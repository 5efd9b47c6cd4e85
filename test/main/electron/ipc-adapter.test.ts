import { beforeEach, describe, expect, it, vi } from 'vitest'

// The Electron binary is not available in Node tests: replace only ipcMain's registry, so the
// adapter's own sender check and routing run for real.
const registered = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>()
vi.mock('electron', () => ({
  // eslint-disable-next-line no-restricted-syntax -- the stand-in for Electron's ipcMain registry
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => registered.set(channel, fn),
    removeHandler: (channel: string) => registered.delete(channel)
  }
}))

const { bindRouterToIpc } = await import('../../../src/main/electron/ipc-adapter')
const { createRouter } = await import('../../../src/main/ipc')
const { handlersFor } = await import('../../support/handlers')
const { CHANNEL_NAMES } = await import('../../../src/shared/contract')

const rendererUrl = 'file:///app/out/renderer/index.html'

function ipcEvent(opts: { id?: number; subFrame?: boolean; url?: string }) {
  const mainFrame = { url: opts.url ?? `${rendererUrl}#/` }
  const senderFrame = opts.subFrame ? { url: mainFrame.url } : mainFrame
  return { sender: { id: opts.id ?? 1, mainFrame }, senderFrame }
}

describe('the Electron IPC adapter', () => {
  const calls: unknown[] = []
  beforeEach(() => {
    registered.clear()
    calls.length = 0
    const router = createRouter(handlersFor({
      'app:info': () => {
        calls.push('app:info')
        throw new Error('not needed')
      },
      'settings:get': () => {
        calls.push('settings:get')
        return { network: 'sandbox', businessTimeZone: 'UTC' }
      },
      'settings:update': (change) => {
        calls.push(change)
        return { network: 'sandbox', businessTimeZone: change.businessTimeZone ?? 'UTC' }
      },
      'shell:openExternal': () => ({ opened: false })
    }))
    bindRouterToIpc(router, () => ({ webContentsIds: new Set([1]), rendererUrl }))
  })

  it('registers exactly the contract channels', () => {
    expect([...registered.keys()].sort()).toEqual([...CHANNEL_NAMES].sort())
  })

  it('answers our own window', async () => {
    const answer = await registered.get('settings:get')!(ipcEvent({}), undefined)
    expect(answer).toEqual({ ok: true, value: { network: 'sandbox', businessTimeZone: 'UTC' } })
  })

  it.each([
    ['another webContents', { id: 2 }],
    ['a sub-frame', { subFrame: true }],
    ['a page that navigated away', { url: 'https://evil.example/' }]
  ])('refuses %s with forbidden_sender and runs nothing', async (_name, opts) => {
    const answer = await registered.get('settings:update')!(ipcEvent(opts), { businessTimeZone: 'UTC' })
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
    expect(calls).toEqual([])
  })

  it('validates input centrally: a wrong shape changes nothing', async () => {
    const answer = await registered.get('settings:update')!(ipcEvent({}), { businessTimeZone: 42 })
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(calls).toEqual([])
  })
})
