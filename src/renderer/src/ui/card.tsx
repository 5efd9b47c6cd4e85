import { useId, type ReactNode } from 'react'

export interface CardProps {
  readonly title?: string
  readonly description?: ReactNode
  readonly actions?: ReactNode
  readonly children: ReactNode
}

/** A titled section of a page; the title labels the region for screen readers. */
export function Card({ title, description, actions, children }: CardProps) {
  const titleId = useId()
  return (
    <section className="card" aria-labelledby={title ? titleId : undefined}>
      {title ? (
        <header className="card__header">
          <div>
            <h2 id={titleId}>{title}</h2>
            {description ? <p className="card__description">{description}</p> : null}
          </div>
          {actions}
        </header>
      ) : null}
      <div className="card__body">{children}</div>
    </section>
  )
}
