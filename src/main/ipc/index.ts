// Main's transport-agnostic side of IPC: the router every call comes through (Electron IPC, the
// preview bridge, tests) and the event bus main pushes events on. It imports no domain: the
// composition root (src/main/app) gives it the handlers, each domain's own handlers.ts.
export { createRouter, DEFAULT_MAX_INPUT_BYTES, type Router, type RouterOptions } from './router'
export { EventBus } from './events'
export type { Handlers } from '../../shared/contract'
