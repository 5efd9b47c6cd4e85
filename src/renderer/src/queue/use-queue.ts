// The queue as the page holds it: the last view main answered, reloaded on demand (optionally
// asking Pi again first), and the error of the last attempt.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ContractError, QueueView } from '../../../shared/contract'
import { invoke } from '../api'

export interface QueueState {
  readonly view: QueueView | null
  readonly error: ContractError | null
  readonly loading: boolean
  readonly refreshing: boolean
  /** Reads the queue again; `refresh` asks Pi about every payment first. */
  readonly reload: (refresh?: boolean) => Promise<void>
}

export function useQueue(): QueueState {
  const [view, setView] = useState<QueueView | null>(null)
  const [error, setError] = useState<ContractError | null>(null)
  const [loading, setLoading] = useState(true)
  const [refreshing, setRefreshing] = useState(false)
  const latest = useRef(0)

  const reload = useCallback(async (refresh = false) => {
    const attempt = ++latest.current
    setLoading(true)
    if (refresh) setRefreshing(true)
    const envelope = await invoke('queue:list', refresh ? { refresh: true } : undefined)
    // An older answer must not overwrite a newer one.
    if (attempt !== latest.current) return
    setLoading(false)
    setRefreshing(false)
    if (envelope.ok) {
      setView(envelope.value)
      setError(null)
    } else setError(envelope.error)
  }, [])

  useEffect(() => {
    void reload()
  }, [reload])

  return { view, error, loading, refreshing, reload }
}
