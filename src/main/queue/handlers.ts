// The queue's channels over a queue service: thin, the service holds the rules. The audit log's
// channels are the audit folder's own (audit/handlers.ts), mounted beside these.
import type { Handlers } from '../../shared/contract'
import type { QueueDeps } from './ports'
import { createQueueService, type QueueService } from './queue-service'

export type QueueChannels = 'queue:list' | 'queue:act' | 'queue:review'

/** The handlers of the queue channels, over a new queue service. */
export function queueHandlers(deps: QueueDeps): Pick<Handlers, QueueChannels> {
  return queueHandlersOf(createQueueService(deps))
}

/** The same, over a service the caller keeps (to call `checkForNewItems()` after a sync, say). */
export function queueHandlersOf(service: QueueService): Pick<Handlers, QueueChannels> {
  return {
    'queue:list': (input) => service.list(input ?? {}),
    'queue:act': (input) => service.act(input),
    'queue:review': (input) => service.review(input)
  }
}
