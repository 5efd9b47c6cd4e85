// The shape of `window.api`: what the preload exposes in Electron and what the preview bridge
// installs in a plain browser. Nothing else is reachable from the renderer.
import type { Channel, ChannelInput, ChannelResult } from './channels'
import type { Envelope } from './envelope'
import type { AppEventName, AppEvents } from './events'

export type InvokeArgs<C extends Channel> =
  undefined extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>]

export interface MerchantDeskApi {
  invoke<C extends Channel>(channel: C, ...args: InvokeArgs<C>): Promise<Envelope<ChannelResult<C>>>
  /** Subscribe to an event main pushes; returns the unsubscribe function. */
  on<E extends AppEventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void
}
