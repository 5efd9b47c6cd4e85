import { CHANNEL_NAMES, type Handlers } from '../../src/shared/contract'

/**
 * A full handler map from the few channels a test exercises. Every other channel throws, so a
 * test that reaches one by mistake fails loudly instead of passing on a made-up answer.
 */
export function handlersFor(partial: Partial<Handlers>): Handlers {
  const all: Record<string, unknown> = {}
  for (const name of CHANNEL_NAMES) {
    all[name] =
      partial[name] ??
      (() => {
        throw new Error(`${name} is not part of this test`)
      })
  }
  return all as Handlers
}
