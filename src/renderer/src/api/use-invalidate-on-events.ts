// Main pushes what changed; this turns each event into the reads it makes stale, once for the
// whole window, so no page has to listen and reload by hand.
import { useQueryClient } from '@tanstack/react-query'
import type { AppEventName, Channel } from '../../../shared/contract'
import { useAppEvent } from './use-app-event'

/** The reads each event makes stale; settings:changed (a new network, new keys) makes all of them. */
export const STALE_AFTER: Readonly<Record<Exclude<AppEventName, 'settings:changed' | 'task:progress'>, readonly Channel[]>> = {
  // Invoices settle from the same chain pages (a sync, the live stream) and announce a new or cancelled one so too.
  'ledger:changed': ['ledger:list', 'ledger:detail', 'dashboard:summary', 'queue:list', 'payouts:list', 'sync:status', 'requests:list', 'invoices:list', 'invoices:show', 'postbacks:list'],
  'queue:changed': ['queue:list', 'dashboard:summary'],
  'payouts:changed': ['payouts:list', 'ledger:detail', 'ledger:list', 'dashboard:summary', 'requests:list'],
  'people:changed': ['people:status', 'people:list', 'policy:get', 'requests:list']
}

export function useInvalidateOnEvents(): void {
  const client = useQueryClient()
  const invalidate = (channels: readonly Channel[]) => {
    for (const channel of channels) void client.invalidateQueries({ queryKey: [channel] })
  }
  useAppEvent('settings:changed', () => void client.invalidateQueries())
  useAppEvent('ledger:changed', () => invalidate(STALE_AFTER['ledger:changed']))
  useAppEvent('queue:changed', () => invalidate(STALE_AFTER['queue:changed']))
  useAppEvent('payouts:changed', () => invalidate(STALE_AFTER['payouts:changed']))
  useAppEvent('people:changed', () => invalidate(STALE_AFTER['people:changed']))
}
