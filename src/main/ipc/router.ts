// The transport-agnostic router: every call from the renderer (over Electron IPC or the preview
// bridge) comes through `call`, which is where input is size-checked and validated, and where
// every failure becomes an envelope with a code and a sentence for a person.
// Invariant: no stack trace, no secret and no raw exception text ever leaves through here.
import {
  channels,
  isChannel,
  type Channel,
  type ChannelResult,
  type Envelope,
  type Handlers,
  fail,
  ok
} from '../../shared/contract'
import { isUserFacingError } from '../../shared/errors'

export interface Router {
  readonly channels: readonly Channel[]
  /** Typed for callers inside main (tests, the CLI); transports pass whatever arrived. */
  call<C extends Channel>(channel: C, rawInput: unknown): Promise<Envelope<ChannelResult<C>>>
  call(channel: string, rawInput: unknown): Promise<Envelope<unknown>>
}

export interface RouterOptions {
  /** Where unexpected errors are reported (never shown to the user as such). */
  readonly onInternalError?: (channel: string, error: unknown) => void
  /** Largest accepted input, measured as JSON. Generous for pasting thousands of payment ids. */
  readonly maxInputBytes?: number
}

export const DEFAULT_MAX_INPUT_BYTES = 1024 * 1024

export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  const maxInputBytes = options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES
  async function call(channel: string, rawInput: unknown): Promise<Envelope<unknown>> {
    if (!isChannel(channel)) return fail('unknown_channel', 'This action is not available.')
    if (inputSize(rawInput) > maxInputBytes) {
      return fail('input_too_large', 'That is more data than one request may carry. Send it in smaller parts.')
    }
    const parsed = channels[channel].input.safeParse(rawInput)
    if (!parsed.success) {
      const detail = (parsed.error.issues[0]?.message ?? 'it has the wrong shape').replace(/\.+$/, '')
      return fail('invalid_input', `The request was not understood: ${detail}.`)
    }
    try {
      const handler = handlers[channel] as (input: unknown) => unknown
      return ok(await handler(parsed.data))
    } catch (error) {
      if (isUserFacingError(error)) return fail(error.code, error.message)
      options.onInternalError?.(channel, error)
      return fail('internal_error', 'Something went wrong inside Merchant Desk. Nothing was changed; try again.')
    }
  }
  return { channels: Object.keys(channels) as Channel[], call: call as Router['call'] }
}

function inputSize(value: unknown): number {
  if (value === undefined) return 0
  try {
    return JSON.stringify(value)?.length ?? 0
  } catch {
    // Cyclic or otherwise unserializable input cannot be valid anyway: treat it as too large.
    return Number.POSITIVE_INFINITY
  }
}
