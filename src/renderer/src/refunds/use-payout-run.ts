// Sending one refund or payout from a form. Invariant 4 on the renderer's side: the form makes ONE
// request key when it opens, and every send from it (a double click, a retry after an error, a
// click while the first call still runs) carries that same key, so main answers them all with the
// one payout it recorded. A second send while one is in flight is not even made: it gets the
// answer of the first. After an error, "Try again" re-sends exactly the request that failed: if
// main had recorded it before the answer was lost, it answers with that payout, paying nothing more.
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useMemo, useRef, useState } from 'react'
import type { ContractError, Envelope, PayoutView, TaskProgress } from '../../../shared/contract'
import { invoke, useAppEvent } from '../api'

/** Main's answer when the amount is above the person's policy: kept as a request, nothing paid. */
export const APPROVAL_REQUESTED = 'approval_requested'

export interface PayoutRunState {
  /** The request key of this form, made once when it opened. */
  readonly key: string
  readonly pending: boolean
  /** What the last call answered with when it failed: shown in the form, in its own words. */
  readonly error: ContractError | null
  /**
   * Main kept it as an approval request (above the person's policy): news, not a failure. The
   * form is over: sending it again would answer the same request.
   */
  readonly requested: boolean
  /** The payout as main last reported it: the end of the call, or a later resume. */
  readonly result: PayoutView | null
  /** The journal's last step while the call runs (task 'payout'). */
  readonly progress: TaskProgress | null
  send(call: (key: string) => Promise<Envelope<PayoutView>>): Promise<Envelope<PayoutView>>
  /** Sends the last request again, as it was (same fields, same key); null when there is none. */
  readonly retry: (() => void) | null
  /** Resumes the payout this form made (after its cause was fixed), showing the new result. */
  resume(): Promise<void>
}

export function usePayoutRun(): PayoutRunState {
  const [key] = useState(() => crypto.randomUUID())
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ContractError | null>(null)
  const [result, setResult] = useState<PayoutView | null>(null)
  const [progress, setProgress] = useState<TaskProgress | null>(null)
  const inFlight = useRef<Promise<Envelope<PayoutView>> | null>(null)
  const [lastCall, setLastCall] = useState<{ readonly call: () => Promise<Envelope<PayoutView>> } | null>(null)
  const client = useQueryClient()

  useAppEvent('task:progress', (event) => {
    // Only this form's payout: another one may be resumed from the Refunds page meanwhile.
    if (inFlight.current !== null && event.task === 'payout' && event.subject === key) setProgress(event)
  })

  const settle = useCallback((envelope: Envelope<PayoutView>) => {
    if (envelope.ok) {
      setResult(envelope.value)
      setError(null)
    } else {
      setError(envelope.error)
      // A new request: the inbox and the sidebar's count read again (main sends no event for it).
      if (envelope.error.code === APPROVAL_REQUESTED) void client.invalidateQueries({ queryKey: ['requests:list'] })
    }
  }, [client])

  const track = useCallback(
    async (call: () => Promise<Envelope<PayoutView>>): Promise<Envelope<PayoutView>> => {
      if (inFlight.current !== null) return inFlight.current
      const running = call()
      inFlight.current = running
      setPending(true)
      setError(null)
      setProgress(null)
      try {
        const envelope = await running
        settle(envelope)
        return envelope
      } finally {
        inFlight.current = null
        setPending(false)
      }
    },
    [settle]
  )

  const send = useCallback(
    (call: (key: string) => Promise<Envelope<PayoutView>>) => {
      const keyed = () => call(key)
      if (inFlight.current === null) setLastCall({ call: keyed })
      return track(keyed)
    },
    [track, key]
  )

  const resume = useCallback(async () => {
    if (result === null) return
    const id = result.id
    await track(async () => {
      const envelope = await invoke('payouts:resume', { id })
      if (!envelope.ok) return envelope
      const resumed = envelope.value.items.find((item) => item.id === id)
      return resumed ? { ok: true, value: resumed } : { ok: true, value: result }
    })
  }, [result, track])

  const retry = useMemo(() => (lastCall === null ? null : () => void track(lastCall.call)), [lastCall, track])

  const requested = error?.code === APPROVAL_REQUESTED
  return { key, pending, error, requested, result, progress, send, retry: requested ? null : retry, resume }
}
