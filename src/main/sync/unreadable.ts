// A read whose answer could not be read (cut short, not JSON, missing fields) is asked once more
// before the sync gives up on it: a truncated body is often a one-off. The clients retry
// transport failures themselves, but not unreadable answers, which may also be permanent; one
// more try keeps a permanent one cheap.
import { HorizonError } from '../horizon'
import { PiApiError } from '../pi'

const UNREADABLE_CODES = new Set(['pi_malformed_answer', 'pi_answer_mismatch', 'horizon_malformed_answer'])

export function isUnreadableAnswer(error: unknown): boolean {
  return (error instanceof PiApiError || error instanceof HorizonError) && UNREADABLE_CODES.has(error.code)
}

export async function onceMoreIfUnreadable<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (error) {
    if (isUnreadableAnswer(error)) return read()
    throw error
  }
}
