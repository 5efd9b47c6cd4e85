// Events main pushes to the renderer (and the CLI prints). Long work (sync, export, payouts)
// reports progress through `task:progress`.

export type TaskKind = 'sync' | 'export' | 'payout' | 'reconcile'

export interface TaskProgress {
  readonly task: TaskKind
  readonly phase: string
  readonly done: number
  /** null while the total is not known yet. */
  readonly total: number | null
}

export interface AppEvents {
  'task:progress': TaskProgress
  'settings:changed': { readonly network: string }
}

export type AppEventName = keyof AppEvents

export const EVENT_NAMES: readonly AppEventName[] = ['task:progress', 'settings:changed']

export function isAppEventName(name: unknown): name is AppEventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name)
}
