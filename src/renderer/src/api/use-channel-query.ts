// A read from main through the query cache: `{ data, error, loading, reload }`, keyed by channel
// and input (compared by value, so an inline object literal does not refetch on every render).
import { useQuery } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { Channel, ChannelResult, ContractError, InvokeArgs } from '../../../shared/contract'
import { invokeUntyped } from './invoke'
import { ChannelError, contractErrorOf } from './query-client'

export interface ChannelQueryState<T> {
  /** The last good answer; kept while a reload is in flight or after it failed. */
  readonly data: T | null
  readonly error: ContractError | null
  readonly loading: boolean
  readonly reload: () => void
}

export function channelKey(channel: Channel, input?: unknown): readonly unknown[] {
  return input === undefined ? [channel] : [channel, input]
}

export function useChannelQuery<C extends Channel>(channel: C, ...args: InvokeArgs<C>): ChannelQueryState<ChannelResult<C>> {
  const input: unknown = args[0]
  const query = useQuery({
    queryKey: channelKey(channel, input),
    queryFn: async () => {
      const envelope = await invokeUntyped(channel, input)
      if (!envelope.ok) throw new ChannelError(envelope.error)
      return envelope.value as ChannelResult<C>
    },
    // A failed reload keeps the last good answer on screen beside the error.
    placeholderData: (previous) => previous
  })
  const { refetch } = query
  const reload = useCallback(() => void refetch(), [refetch])
  return { data: query.data ?? null, error: contractErrorOf(query.error), loading: query.isFetching, reload }
}
