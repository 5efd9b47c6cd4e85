// The window locks itself after `minutes` without a key, a click, a scroll or a touch. Activity
// only notes the time; one timer checks it, so a moving mouse costs nothing.
import { useEffect, useRef } from 'react'

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const

/** `minutes` null: no timer (nobody working, or a desk without people). */
export function useIdleLock(minutes: number | null, lock: () => void): void {
  const latest = useRef(lock)
  useEffect(() => {
    latest.current = lock
  })
  useEffect(() => {
    if (minutes === null) return
    const limit = minutes * 60_000
    let last = Date.now()
    let timer: ReturnType<typeof setTimeout>
    const check = () => {
      const idle = Date.now() - last
      if (idle >= limit) latest.current()
      else timer = setTimeout(check, limit - idle)
    }
    const active = () => {
      last = Date.now()
    }
    timer = setTimeout(check, limit)
    for (const name of ACTIVITY) window.addEventListener(name, active, { capture: true, passive: true })
    return () => {
      clearTimeout(timer)
      for (const name of ACTIVITY) window.removeEventListener(name, active, { capture: true })
    }
  }, [minutes])
}
