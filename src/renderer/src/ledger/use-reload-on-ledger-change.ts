// Views that show ledger data follow `ledger:changed`. A sync announces every page it stores, so
// reloads are throttled: one per interval, however many events arrive in it, the last one always
// followed by a reload.
import { useCallback, useEffect, useRef } from 'react'
import { useAppEvent } from '../api'

const DEFAULT_INTERVAL_MS = 700

export function useReloadOnLedgerChange(reload: () => void, intervalMs = DEFAULT_INTERVAL_MS): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const latest = useRef(reload)
  useEffect(() => {
    latest.current = reload
  })
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    []
  )
  const schedule = useCallback(() => {
    if (timer.current) return
    timer.current = setTimeout(() => {
      timer.current = null
      latest.current()
    }, intervalMs)
  }, [intervalMs])
  useAppEvent('ledger:changed', schedule)
}
