// React state around one write call (a button press): run it, know when it is pending, and keep
// the error it answered with until the next attempt.
import { useCallback, useRef, useState } from 'react'
import type { Channel, ChannelResult, ContractError, Envelope, InvokeArgs } from '../../../shared/contract'
import { invoke } from './invoke'

export interface ActionState<C extends Channel> {
  readonly run: (...args: InvokeArgs<C>) => Promise<Envelope<ChannelResult<C>>>
  readonly pending: boolean
  readonly error: ContractError | null
  readonly clearError: () => void
}

export function useAction<C extends Channel>(channel: C): ActionState<C> {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ContractError | null>(null)
  const latest = useRef(0)

  const run = useCallback(
    async (...args: InvokeArgs<C>) => {
      const attempt = ++latest.current
      setPending(true)
      setError(null)
      const envelope = await invoke(channel, ...args)
      if (attempt === latest.current) {
        setPending(false)
        setError(envelope.ok ? null : envelope.error)
      }
      return envelope
    },
    [channel]
  )

  const clearError = useCallback(() => setError(null), [])
  return { run, pending, error, clearError }
}
