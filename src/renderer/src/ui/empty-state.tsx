import type { ReactNode } from 'react'

export interface EmptyStateProps {
  readonly title: string
  /** What will be here, in the merchant's words. */
  readonly children: ReactNode
  /** How it gets filled: the step that brings the first rows. */
  readonly hint?: ReactNode
  readonly icon?: ReactNode
  readonly actions?: ReactNode
}

export function EmptyState({ title, children, hint, icon, actions }: EmptyStateProps) {
  return (
    <section className="empty-state" data-empty-state="">
      {icon ? (
        <div className="empty-state__icon" aria-hidden="true">
          {icon}
        </div>
      ) : null}
      <h2>{title}</h2>
      <p className="empty-state__body">{children}</p>
      {hint ? <p className="empty-state__hint">{hint}</p> : null}
      {actions ? <div className="empty-state__actions">{actions}</div> : null}
    </section>
  )
}
