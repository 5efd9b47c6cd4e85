// The count beside "Waiting for approval" in the sidebar: requests nobody has decided yet, and
// approved ones not paid yet. Rendered only on a desk with people (a solo owner asks nobody).
import { useChannelQuery } from '../api'
import { formatCount } from '../ui'

export function WaitingCount() {
  const waiting = useChannelQuery('requests:list', { waitingOnly: true })
  const count = waiting.data?.items.length ?? 0
  if (count === 0) return null
  return (
    <span className="nav__count" data-waiting-count={count}>
      <span className="visually-hidden">, </span>
      {formatCount(count)}
      <span className="visually-hidden"> waiting</span>
    </span>
  )
}
