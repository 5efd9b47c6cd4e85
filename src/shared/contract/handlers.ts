// The handler map main implements: one function per channel of the contract. A type only, beside
// the channels it is built from, so every domain can declare its part without importing the
// router (and the router none of them).
import type { Channel, ChannelParsedInput, ChannelResult } from './channels'

/** One handler per channel; the type makes a missing or extra handler a compile error. */
export type Handlers = {
  readonly [C in Channel]: (input: ChannelParsedInput<C>) => Promise<ChannelResult<C>> | ChannelResult<C>
}
