// Events main pushes to the renderer (and the CLI prints). Long work (sync, export, payouts)
// reports progress through `task:progress`.

export type TaskKind = 'sync' | 'export' | 'payout' | 'reconcile'

export interface TaskProgress {
  readonly task: TaskKind
  readonly phase: string
  readonly done: number
  /** null while the total is not known yet. */
  readonly total: number | null
  /**
   * The one item this progress is about, when the task runs item by item: a payout's request key,
   * so a refund form follows its own payout and not another one being resumed meanwhile.
   */
  readonly subject?: string
}

export interface AppEvents {
  'task:progress': TaskProgress
  'settings:changed': { readonly network: string }
  /** Rows of the ledger changed (a sync step, tracked ids, a staff action): views reload. */
  'ledger:changed': { readonly reason: string }
  /** A sync or a refresh found payments that joined the incomplete-payment queue. */
  'queue:changed': { readonly newItems: number; readonly total: number }
  /** A refund or payout moved to another journal state. */
  'payouts:changed': { readonly id: number; readonly state: string }
  /** Who is working changed (unlocked, locked), or the people or their requests did. */
  'people:changed': { readonly reason: string }
}

export type AppEventName = keyof AppEvents

export const EVENT_NAMES: readonly AppEventName[] = ['task:progress', 'settings:changed', 'ledger:changed', 'queue:changed', 'payouts:changed', 'people:changed']

export function isAppEventName(name: unknown): name is AppEventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name)
}
