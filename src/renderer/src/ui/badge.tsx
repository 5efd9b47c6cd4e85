import type { ReactNode } from 'react'

/** Tones carry meaning only: success = settled, warning = needs a look, danger = failed or real money. */
export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger'

export interface BadgeProps {
  readonly tone?: BadgeTone
  readonly dot?: boolean
  readonly children: ReactNode
}

export function Badge({ tone = 'neutral', dot = false, children }: BadgeProps) {
  return (
    <span className={`badge badge--${tone}`}>
      {dot ? <span className="badge__dot" aria-hidden="true" /> : null}
      {children}
    </span>
  )
}
