// This computer, as the leases in a shared ledger see it.
export { processIsAlive } from './process-alive'
