// How many rows an export will write, asked of main before anything is written (exports:count
// resolves the period exactly as exports:run will, so the number shown is the number written).
import type { ExportRunInput } from '../../../shared/contract'
import { useChannelQuery } from '../api'
import { useReloadOnLedgerChange } from '../ledger/use-reload-on-ledger-change'
import { formatCount } from '../ui'

export function ExportCount({ input }: { readonly input: ExportRunInput }) {
  const count = useChannelQuery('exports:count', input)
  useReloadOnLedgerChange(count.reload, 1500)
  if (count.error) {
    return (
      <p className="export-count field__error" role="status" data-export-count="">
        {count.error.message}
      </p>
    )
  }
  if (count.data === null) {
    return (
      <p className="export-count muted" role="status" data-export-count="">
        Counting the rows…
      </p>
    )
  }
  const { rows, from, to, timeZone } = count.data
  return (
    <p className="export-count" role="status" data-export-count="" data-export-count-rows={rows} aria-busy={count.loading}>
      This export will write <strong>{formatCount(rows)}</strong> {rows === 1 ? 'row' : 'rows'}, created from {from} to {to}{' '}
      <span className="muted">({timeZone})</span>.
    </p>
  )
}
