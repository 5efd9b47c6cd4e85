// A write to main (a button press) as a TanStack mutation: run it, know when it is pending, keep
// the error it answered with until the next attempt. `run` never rejects: it answers the envelope.
// What a write changes comes back through main's events; the few writes main announces no event
// for (settings, keys, saved filters, reconciliation) refresh their reads here.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { Channel, ChannelResult, ContractError, Envelope, InvokeArgs } from '../../../shared/contract'
import { invoke } from './invoke'
import { ChannelError, contractErrorOf } from './query-client'

export interface ChannelActionState<C extends Channel> {
  readonly run: (...args: InvokeArgs<C>) => Promise<Envelope<ChannelResult<C>>>
  readonly pending: boolean
  readonly error: ContractError | null
  readonly clearError: () => void
}

const REFRESHES: Partial<Record<Channel, readonly Channel[]>> = {
  'settings:update': ['settings:get', 'app:info'],
  'people:idle': ['people:status'],
  'secrets:save': ['secrets:status', 'app:info'],
  'secrets:unlock': ['secrets:status', 'app:info'],
  'secrets:lock': ['secrets:status', 'app:info'],
  'secrets:clear': ['secrets:status', 'app:info'],
  'team:join': ['team:status'],
  'team:leave': ['team:status'],
  'filters:save': ['filters:list'],
  'filters:delete': ['filters:list'],
  'reconcile:run': ['reconcile:list'],
  'reconcile:resolve': ['reconcile:report'],
  'queue:review': ['queue:list']
}

export function useChannelAction<C extends Channel>(channel: C): ChannelActionState<C> {
  const client = useQueryClient()
  const mutation = useMutation({
    mutationFn: async (args: InvokeArgs<C>) => {
      const envelope = await invoke(channel, ...args)
      if (!envelope.ok) throw new ChannelError(envelope.error)
      return envelope.value
    },
    onSuccess: () => {
      for (const refreshed of REFRESHES[channel] ?? []) void client.invalidateQueries({ queryKey: [refreshed] })
    }
  })
  const { mutateAsync, reset } = mutation
  const run = useCallback(
    async (...args: InvokeArgs<C>): Promise<Envelope<ChannelResult<C>>> => {
      try {
        return { ok: true, value: await mutateAsync(args) }
      } catch (error) {
        return { ok: false, error: contractErrorOf(error) ?? { code: 'internal_error', message: 'Something went wrong.' } }
      }
    },
    [mutateAsync]
  )
  return { run, pending: mutation.isPending, error: contractErrorOf(mutation.error), clearError: reset }
}
