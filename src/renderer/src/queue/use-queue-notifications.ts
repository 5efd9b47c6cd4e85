// A desktop notification when payments join the queue while the app is open (the `queue:changed`
// event main pushes after a sync or a refresh). The Notification API is the same in Electron and
// in a browser; with permission not granted, nothing is shown (the Queue page says so instead).
// Mounted from the shell and the Queue page alike, it subscribes once, so one event makes one
// notification.
import { useEffect } from 'react'
import type { AppEvents } from '../../../shared/contract'

let mounted = 0
let unsubscribe: (() => void) | null = null

export function useQueueNotifications(): void {
  useEffect(() => {
    mounted += 1
    if (mounted === 1) unsubscribe = window.api.on('queue:changed', notifyNewQueueItems)
    return () => {
      mounted -= 1
      if (mounted === 0) {
        unsubscribe?.()
        unsubscribe = null
      }
    }
  }, [])
}

/** Shows the notification; false when notifications are unavailable or not allowed. */
export function notifyNewQueueItems({ newItems, total }: AppEvents['queue:changed']): boolean {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || newItems <= 0) return false
  const notification = new Notification(
    newItems === 1 ? 'A payment is waiting for you' : `${newItems} payments are waiting for you`,
    {
      body: `The incomplete-payment queue now holds ${total} ${total === 1 ? 'payment' : 'payments'}. Open Queue to check and complete or cancel them.`,
      tag: 'merchant-desk-queue'
    }
  )
  notification.onclick = () => {
    window.focus()
    window.location.hash = '#/queue'
  }
  return true
}

/** Whether the page should offer to turn notifications on. */
export function notificationsCanBeAsked(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'default'
}
