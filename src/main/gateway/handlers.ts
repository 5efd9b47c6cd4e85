// The gateway:* channels over the GatewayService (Settings' switch): thin; the service checks the
// person (`settings`), reads the token from the desk's environment and audits start and stop.
import type { Handlers } from '../../shared/contract'
import type { GatewayService } from './service'

export type GatewayChannels = 'gateway:status' | 'gateway:start' | 'gateway:stop'

export function gatewayHandlers(service: GatewayService): Pick<Handlers, GatewayChannels> {
  return {
    'gateway:status': () => service.status(),
    'gateway:start': (input) => service.start(input),
    'gateway:stop': () => service.stop()
  }
}
