// The postbacks:* channels over the PostbackService: thin; the network is the one in use, the
// redelivery is audited by the service and allowed by CHANNEL_NEEDS (queue).
import type { Handlers } from '../../shared/contract'
import type { NetworkId } from '../../shared/network'
import type { PostbackService } from './service'

export type PostbackChannels = 'postbacks:list' | 'postbacks:redeliver'

export function postbackHandlers(deps: { readonly service: PostbackService; readonly networkId: () => NetworkId }): Pick<Handlers, PostbackChannels> {
  return {
    'postbacks:list': (input) =>
      deps.service.list({
        networkId: deps.networkId(),
        ...(input?.topic === undefined ? {} : { topic: input.topic }),
        ...(input?.subject === undefined ? {} : { subject: input.subject })
      }),
    'postbacks:redeliver': ({ id }) => deps.service.redeliver(id, deps.networkId())
  }
}
