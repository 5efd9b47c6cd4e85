// The incomplete-payment queue: what waits for the merchant, the advice for each payment, and the
// staff actions on it (approve, complete after a chain check, cancel), each one audited.
import { auditHandlers } from '../audit'
import type { Handlers } from '../router/router'
import type { QueueDeps } from './ports'
import { createQueueService, type QueueService } from './queue-service'

export type { QueueConnection, QueueDeps, QueueHorizon, QueuePi, QueueRules, PayoutJournalView } from './ports'
export { createQueueService, type QueueService } from './queue-service'
export { connectionFromWorkspace } from './workspace-connection'
export { listQueue, DEFAULT_QUEUE_LIMIT, type ListQueueOptions } from './list-queue'
export { refreshQueue, type RefreshReport } from './refresh'
export { QueueWatcher } from './watcher'
export { DEFAULT_QUEUE_RULES, ruleSentences, describeDuration } from './rules'
export { adviseOn, approvalProblems, type Advice } from './advice'
export { readReviews } from './reviews'

export type QueueChannels = 'queue:list' | 'queue:act' | 'queue:review' | 'audit:list' | 'audit:verify'

/** The handlers of the queue and audit-log channels, over a new queue service. */
export function queueHandlers(deps: QueueDeps): Pick<Handlers, QueueChannels> {
  return queueHandlersOf(createQueueService(deps), deps.store)
}

/** The same, over a service the caller keeps (to call `checkForNewItems()` after a sync, say). */
export function queueHandlersOf(service: QueueService, store: QueueDeps['store']): Pick<Handlers, QueueChannels> {
  return {
    'queue:list': (input) => service.list(input ?? {}),
    'queue:act': (input) => service.act(input),
    'queue:review': (input) => service.review(input),
    ...auditHandlers(store)
  }
}
