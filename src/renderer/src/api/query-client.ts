// One TanStack Query cache for the window. Every read is keyed by [channel, input], so two parts
// of a page that ask main the same thing share one answer and one request. Answers stay fresh until
// main says otherwise: the pushed events invalidate what they touch (see use-invalidate-on-events),
// so nothing polls and nothing refetches on focus. Main's refusals are answers, not glitches: no retry.
import { QueryClient } from '@tanstack/react-query'
import type { ContractError } from '../../../shared/contract'

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: Number.POSITIVE_INFINITY, retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false }
    }
  })
}

/** A refusal from main, carried through TanStack's error channel with its code and sentence. */
export class ChannelError extends Error {
  override readonly name = 'ChannelError'
  constructor(readonly error: ContractError) {
    super(error.message)
  }
}

export function contractErrorOf(error: unknown): ContractError | null {
  if (error === null || error === undefined) return null
  if (error instanceof ChannelError) return error.error
  return { code: 'internal_error', message: 'Merchant Desk could not reach its background service. Nothing was changed; try again.' }
}
