// The ONE file that touches ipcRenderer. It exposes `window.api` (the MerchantDeskApi of the
// shared contract) and nothing else: no raw ipcRenderer, no Node, no channel outside the map.
import { contextBridge, ipcRenderer } from 'electron'
import type { MerchantDeskApi } from '../shared/contract/api'
import { isAppEventName } from '../shared/contract/events'
import { isChannelName } from '../shared/contract/names'

const api: MerchantDeskApi = {
  invoke: (channel, ...args) => {
    if (!isChannelName(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: 'This action is not available.' } })
    }
    return ipcRenderer.invoke(channel, args[0])
  },
  on: (event, listener) => {
    if (!isAppEventName(event)) return () => undefined
    // Never hand the IpcRendererEvent (and its `sender`) to the page: payload only.
    const wrapped = (_event: unknown, payload: unknown) => listener(payload as never)
    ipcRenderer.on(event, wrapped)
    return () => {
      ipcRenderer.removeListener(event, wrapped)
    }
  }
}

contextBridge.exposeInMainWorld('api', api)
