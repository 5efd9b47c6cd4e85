// A long id (payment id, user id, txid, wallet) cut short to fit its column: both ends stay
// readable, the whole value is in the title (hover) and one click copies it, so nobody has to
// scroll sideways or select half a hash by hand.
import { useEffect, useState } from 'react'
import { copyText } from './copy-text'
import { shortenMiddle } from './format'

export interface LongIdProps {
  readonly value: string
  /** What it is, for the copy button's label ("payment id", "txid"...). */
  readonly what: string
  readonly head?: number
  readonly tail?: number
  /** A link for the id itself (a payment's own page). */
  readonly href?: string
}

export function LongId({ value, what, head = 8, tail = 6, href }: LongIdProps) {
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(false), 1500)
    return () => clearTimeout(timer)
  }, [copied])
  const text = shortenMiddle(value, head, tail)
  return (
    <span className="long-id" data-long-id={value}>
      {href ? (
        <a className="long-id__text mono" href={href} title={value}>
          {text}
        </a>
      ) : (
        <span className="long-id__text mono" title={value}>
          {text}
        </span>
      )}
      <button
        type="button"
        className="long-id__copy"
        aria-label={`Copy ${what} ${value}`}
        title={`Copy the whole ${what}`}
        data-copy={value}
        onClick={(event) => {
          // Inside a clickable row, copying must not also open the row.
          event.stopPropagation()
          void copyText(value).then(setCopied)
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  )
}
