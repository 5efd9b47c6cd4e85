// The queue as the page holds it: `queue:list` from the query cache (main's events mark it stale),
// and "Refresh from Pi", which asks Pi again about every payment first and puts its answer (with
// what the refresh found) in the cache in place of the plain listing.
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import type { ContractError, QueueView } from '../../../shared/contract'
import { channelKey, invoke, useChannelQuery } from '../api'

export interface QueueState {
  readonly view: QueueView | null
  readonly error: ContractError | null
  readonly loading: boolean
  readonly refreshing: boolean
  /** Reads the queue again; `refresh` asks Pi about every payment first. */
  readonly reload: (refresh?: boolean) => Promise<void>
}

export function useQueue(): QueueState {
  const client = useQueryClient()
  const list = useChannelQuery('queue:list')
  const [refreshing, setRefreshing] = useState(false)
  const [refreshError, setRefreshError] = useState<ContractError | null>(null)
  const { reload: reloadList } = list

  const reload = useCallback(
    async (refresh = false) => {
      setRefreshError(null)
      if (!refresh) {
        reloadList()
        return
      }
      setRefreshing(true)
      const envelope = await invoke('queue:list', { refresh: true })
      setRefreshing(false)
      if (envelope.ok) client.setQueryData(channelKey('queue:list'), envelope.value)
      else setRefreshError(envelope.error)
    },
    [client, reloadList]
  )

  return { view: list.data, error: refreshError ?? list.error, loading: list.loading, refreshing, reload }
}
