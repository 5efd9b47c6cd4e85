// The deliveries list (all, or one invoice's), with redelivery. Main announces no event when the
// deliverer sends one, so while any is still being tried the list is read again every few seconds.
import { useEffect, useState } from 'react'
import type { ContractError, PostbackListView, PostbackView } from '../../../shared/contract'
import { useChannelAction, useChannelQuery } from '../api'

const PENDING_POLL_MS = 4_000

export interface PostbacksState {
  readonly data: PostbackListView | null
  readonly error: ContractError | null
  readonly loading: boolean
  readonly reload: () => void
  readonly busyId: number | null
  readonly redeliverError: ContractError | null
  readonly redeliver: (postback: PostbackView) => Promise<void>
}

export function usePostbacks(subject?: string): PostbacksState {
  const list = useChannelQuery('postbacks:list', subject === undefined ? {} : { topic: 'invoice', subject })
  const action = useChannelAction('postbacks:redeliver')
  const [busyId, setBusyId] = useState<number | null>(null)
  const { reload } = list
  const pending = list.data?.items.some((postback) => postback.state === 'pending') ?? false
  useEffect(() => {
    if (!pending) return
    const timer = setInterval(reload, PENDING_POLL_MS)
    return () => clearInterval(timer)
  }, [pending, reload])

  async function redeliver(postback: PostbackView) {
    setBusyId(postback.id)
    await action.run({ id: postback.id })
    setBusyId(null)
    reload()
  }

  return { data: list.data, error: list.error, loading: list.loading, reload, busyId, redeliverError: action.error, redeliver }
}
