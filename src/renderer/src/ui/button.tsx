import type { ButtonHTMLAttributes } from 'react'

export type ButtonVariant = 'primary' | 'secondary' | 'ghost'

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly variant?: ButtonVariant
  readonly size?: 'normal' | 'small'
}

/** A button that never submits a form by accident: `type` defaults to "button". */
export function Button({ variant = 'secondary', size = 'normal', type = 'button', className, ...rest }: ButtonProps) {
  const classes = ['button', `button--${variant}`, size === 'small' ? 'button--small' : '', className ?? '']
  return <button type={type} className={classes.filter(Boolean).join(' ')} {...rest} />
}
