// The ONE file that touches ipcMain. It binds every channel of the router to ipcMain.handle,
// refuses untrusted senders centrally, and forwards pushed events to our window.
// Validation and the envelope live in the router, so the preview bridge behaves the same.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { fail } from '../../shared/contract'
import type { EventBus, Router } from '../ipc'
import { isTrustedSender, type TrustedRenderer } from './trusted-sender'

export function bindRouterToIpc(router: Router, trusted: () => TrustedRenderer): () => void {
  for (const channel of router.channels) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isTrustedSender(senderFacts(event), trusted())) {
        return fail('forbidden_sender', 'This request did not come from the Merchant Desk window.')
      }
      return router.call(channel, input)
    })
  }
  return () => {
    for (const channel of router.channels) ipcMain.removeHandler(channel)
  }
}

export function forwardEvents(events: EventBus, target: () => WebContents | null): () => void {
  return events.onAny((event, payload) => {
    const contents = target()
    if (contents && !contents.isDestroyed()) contents.send(event, payload)
  })
}

function senderFacts(event: IpcMainInvokeEvent) {
  const frame = event.senderFrame
  return {
    webContentsId: event.sender.id,
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
    frameUrl: frame?.url ?? null
  }
}
