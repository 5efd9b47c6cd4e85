import { useEffect, useId, useRef, type ReactNode } from 'react'
import { Button } from './button'

export interface DrawerProps {
  readonly title: ReactNode
  readonly subtitle?: ReactNode
  readonly onClose: () => void
  readonly children: ReactNode
}

/**
 * A panel sliding in from the right, beside the list it details: not modal, so the list stays
 * usable, but it takes focus when it opens, closes on Escape and gives focus back to whatever
 * opened it (the row), so keyboard users never lose their place.
 */
export function Drawer({ title, subtitle, onClose, children }: DrawerProps) {
  const titleId = useId()
  const panel = useRef<HTMLElement>(null)
  const close = useRef(onClose)
  useEffect(() => {
    close.current = onClose
  })

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    panel.current?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close.current()
    }
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('keydown', onKey)
      if (opener?.isConnected) opener.focus()
    }
  }, [])

  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-labelledby={titleId} tabIndex={-1} ref={panel}>
      <header className="drawer__header">
        <div className="drawer__titles">
          <h2 id={titleId}>{title}</h2>
          {subtitle ? <div className="drawer__subtitle">{subtitle}</div> : null}
        </div>
        <Button variant="ghost" size="small" onClick={onClose} aria-label="Close details">
          Close
        </Button>
      </header>
      <div className="drawer__body">{children}</div>
    </aside>
  )
}
