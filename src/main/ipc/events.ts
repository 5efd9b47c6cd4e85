// The in-process event bus main uses to push events (progress, changes) to whoever listens:
// the Electron window, the preview bridge, or the CLI's progress line.
import type { AppEventName, AppEvents } from '../../shared/contract'

type Listener<E extends AppEventName> = (payload: AppEvents[E]) => void

export class EventBus {
  private readonly listeners = new Map<AppEventName, Set<Listener<AppEventName>>>()
  private readonly anyListeners = new Set<<E extends AppEventName>(event: E, payload: AppEvents[E]) => void>()

  emit<E extends AppEventName>(event: E, payload: AppEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload)
    for (const listener of this.anyListeners) listener(event, payload)
  }

  on<E extends AppEventName>(event: E, listener: Listener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set()
    set.add(listener as Listener<AppEventName>)
    this.listeners.set(event, set)
    return () => set.delete(listener as Listener<AppEventName>)
  }

  /** For transports that forward every event (IPC, the preview bridge). */
  onAny(listener: <E extends AppEventName>(event: E, payload: AppEvents[E]) => void): () => void {
    this.anyListeners.add(listener)
    return () => this.anyListeners.delete(listener)
  }
}
