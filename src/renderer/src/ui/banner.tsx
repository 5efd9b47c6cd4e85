import type { ReactNode } from 'react'
import type { ContractError } from '../../../shared/contract'
import { Button } from './button'

export interface BannerProps {
  readonly tone: 'error' | 'info' | 'success'
  readonly title: string
  readonly children?: ReactNode
  readonly action?: ReactNode
}

/** Errors are announced at once (role=alert); other news politely (role=status). */
export function Banner({ tone, title, children, action }: BannerProps) {
  return (
    <div className={`banner banner--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div>
        <p className="banner__title">{title}</p>
        {children ? <p className="banner__message">{children}</p> : null}
      </div>
      {action}
    </div>
  )
}

export interface ErrorBannerProps {
  readonly error: ContractError
  readonly title?: string
  readonly onRetry?: () => void
}

/** What a failed call said, in its own words (the router's sentences are written for people). */
export function ErrorBanner({ error, title = 'That did not work', onRetry }: ErrorBannerProps) {
  return (
    <Banner
      tone="error"
      title={title}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            Try again
          </Button>
        ) : undefined
      }
    >
      {error.message}
    </Banner>
  )
}
