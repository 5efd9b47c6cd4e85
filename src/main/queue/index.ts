// The incomplete-payment queue: what waits for the merchant, the advice for each payment, and the
// staff actions on it (approve, complete after a chain check, cancel), each one audited.
export type { QueueConnection, QueueNetwork, QueueDeps, QueueHorizon, QueuePi, QueueRules, PayoutJournalView, QueuePaymentAction } from './ports'
export { createQueueService, type QueueService } from './queue-service'
export { queueHandlers, queueHandlersOf, type QueueChannels } from './handlers'
export { listQueue, DEFAULT_QUEUE_LIMIT, type ListQueueOptions } from './list-queue'
export { refreshQueue, type RefreshReport } from './refresh'
export { QueueWatcher } from './watcher'
export { DEFAULT_QUEUE_RULES, ruleSentences, describeDuration } from './rules'
export { adviseOn, approvalProblems, type Advice } from './advice'
export { readReviews } from './reviews'

