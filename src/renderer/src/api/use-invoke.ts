// React state around one read call: `{ data, error, loading, reload }`. The input is compared by
// value (as JSON), so an object literal written inline does not re-fetch on every render.
import { useCallback, useEffect, useState } from 'react'
import type { Channel, ChannelResult, ContractError, InvokeArgs } from '../../../shared/contract'
import { invokeUntyped } from './invoke'

export interface InvokeState<T> {
  /** The last good answer; kept while a reload is in flight or after it failed. */
  readonly data: T | null
  readonly error: ContractError | null
  readonly loading: boolean
  readonly reload: () => void
}

interface Snapshot {
  readonly data: unknown
  readonly error: ContractError | null
  readonly loading: boolean
}

export function useInvoke<C extends Channel>(channel: C, ...args: InvokeArgs<C>): InvokeState<ChannelResult<C>> {
  const input: unknown = args[0]
  const inputKey = input === undefined ? undefined : JSON.stringify(input)
  const [generation, setGeneration] = useState(0)
  const [snapshot, setSnapshot] = useState<Snapshot>({ data: null, error: null, loading: true })

  useEffect(() => {
    let current = true
    setSnapshot((previous) => (previous.loading ? previous : { ...previous, loading: true }))
    const parsedInput: unknown = inputKey === undefined ? undefined : JSON.parse(inputKey)
    void invokeUntyped(channel, parsedInput).then((envelope) => {
      // A newer call (or unmount) superseded this one: its answer must not overwrite fresher state.
      if (!current) return
      setSnapshot((previous) =>
        envelope.ok
          ? { data: envelope.value, error: null, loading: false }
          : { data: previous.data, error: envelope.error, loading: false }
      )
    })
    return () => {
      current = false
    }
  }, [channel, inputKey, generation])

  const reload = useCallback(() => setGeneration((n) => n + 1), [])
  return { data: snapshot.data as ChannelResult<C> | null, error: snapshot.error, loading: snapshot.loading, reload }
}
