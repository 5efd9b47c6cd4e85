// The quote beside a refund or payout form: asked again a moment after the merchant stops typing,
// and whenever a payout moves (the remainder and the wallet balance change with it). An answer to
// an older input never replaces a newer one, and `current` says whether the quote on screen is for
// what the fields hold now: the Pay button waits for that.
import { useCallback, useEffect, useState } from 'react'
import type { ContractError, PayoutQuoteInput, PayoutQuoteView } from '../../../shared/contract'
import { invoke, useAppEvent } from '../api'
import { useDebouncedValue } from '../ledger/use-debounced-value'

const QUOTE_DELAY_MS = 300

export interface PayoutQuoteState {
  /** The latest answer, kept while a newer one is asked for. */
  readonly quote: PayoutQuoteView | null
  readonly error: ContractError | null
  /** The quote (or error) on screen answers exactly the input given now. */
  readonly current: boolean
}

interface Answer {
  readonly key: string
  readonly quote: PayoutQuoteView | null
  readonly error: ContractError | null
}

/** `input` null: nothing to quote yet (no uid typed). */
export function usePayoutQuote(input: PayoutQuoteInput | null): PayoutQuoteState {
  const key = input === null ? '' : JSON.stringify(input)
  const settledKey = useDebouncedValue(key, QUOTE_DELAY_MS)
  const [generation, setGeneration] = useState(0)
  const [answer, setAnswer] = useState<Answer>({ key: '', quote: null, error: null })

  const refresh = useCallback(() => setGeneration((n) => n + 1), [])
  useAppEvent('payouts:changed', refresh)

  useEffect(() => {
    if (settledKey === '') return
    let current = true
    const asked = JSON.parse(settledKey) as PayoutQuoteInput
    void invoke('payouts:quote', asked).then((envelope) => {
      if (!current) return
      setAnswer((previous) =>
        envelope.ok
          ? { key: settledKey, quote: envelope.value, error: null }
          : { key: settledKey, quote: previous.quote, error: envelope.error }
      )
    })
    return () => {
      current = false
    }
  }, [settledKey, generation])

  return { quote: answer.quote, error: answer.error, current: key !== '' && answer.key === key }
}
