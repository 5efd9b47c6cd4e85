// Main answers `desk_locked` to any call once the desk locked itself (another window locked it, a
// person was removed): whichever page made the call, the window must go back to the "who is
// working" screen. Every call passes through invoke(), which tells the listeners here.
const listeners = new Set<() => void>()

export function onDeskLocked(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export function announceDeskLocked(): void {
  for (const listener of listeners) listener()
}
