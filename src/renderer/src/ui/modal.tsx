import { useEffect, useId, useRef, type ReactNode } from 'react'
import { Button } from './button'

export interface ModalProps {
  readonly title: string
  readonly description?: ReactNode
  readonly onClose: () => void
  readonly children: ReactNode
  readonly footer?: ReactNode
}

/**
 * A modal built on <dialog>: the browser traps focus, makes the page behind inert and closes it
 * on Escape, so none of that is re-implemented (or gotten wrong) here.
 */
export function Modal({ title, description, onClose, children, footer }: ModalProps) {
  const titleId = useId()
  const dialog = useRef<HTMLDialogElement>(null)

  useEffect(() => {
    const element = dialog.current
    if (element && !element.open) element.showModal()
    return () => element?.close()
  }, [])

  return (
    <dialog
      className="modal"
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      <header className="modal__header">
        <div>
          <h2 id={titleId}>{title}</h2>
          {description ? <p className="modal__description">{description}</p> : null}
        </div>
        <Button variant="ghost" size="small" onClick={onClose}>
          Close
        </Button>
      </header>
      <div className="modal__body">{children}</div>
      {footer ? <footer className="modal__footer">{footer}</footer> : null}
    </dialog>
  )
}
