export { invoke } from './invoke'
export { useAction, type ActionState } from './use-action'
export { useAppEvent } from './use-app-event'
export { useInvoke, type InvokeState } from './use-invoke'
