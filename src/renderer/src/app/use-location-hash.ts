// The location hash as React state, kept in sync with it (back/forward included).
import { useSyncExternalStore } from 'react'

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

function currentHash(): string {
  return window.location.hash
}

export function useLocationHash(): string {
  return useSyncExternalStore(subscribe, currentHash)
}
