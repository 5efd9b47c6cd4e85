// A promise-returning call over window.api that never rejects: a broken transport becomes an
// error envelope like any other, so every caller handles exactly one failure shape.
import type { Channel, ChannelResult, ContractError, Envelope, InvokeArgs } from '../../../shared/contract'
import { announceDeskLocked } from './desk-locked'

const UNREACHABLE: ContractError = {
  code: 'internal_error',
  message: 'Merchant Desk could not reach its background service. Nothing was changed; try again.'
}

export async function invoke<C extends Channel>(channel: C, ...args: InvokeArgs<C>): Promise<Envelope<ChannelResult<C>>> {
  try {
    const envelope = await window.api.invoke(channel, ...args)
    if (isEnvelope(envelope)) {
      if (!envelope.ok && envelope.error.code === 'desk_locked') announceDeskLocked()
      return envelope as Envelope<ChannelResult<C>>
    }
    return { ok: false, error: UNREACHABLE }
  } catch {
    return { ok: false, error: UNREACHABLE }
  }
}

/** Calls with an input that was serialised for hook dependencies (see useInvoke). */
export function invokeUntyped(channel: Channel, input: unknown): Promise<Envelope<unknown>> {
  const loose = invoke as (channel: Channel, input?: unknown) => Promise<Envelope<unknown>>
  return input === undefined ? loose(channel) : loose(channel, input)
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false
  if (value.ok === true) return 'value' in value
  return value.ok === false && 'error' in value && typeof value.error === 'object' && value.error !== null
}
