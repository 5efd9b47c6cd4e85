// The ledger as the table scrolls: pages of 100 fetched with main's keyset cursor, appended as the
// merchant reaches the bottom. A new filter or sort starts over; a reload (the ledger changed)
// fetches again as many rows as are on screen, so a sync running in the background does not throw
// the merchant back to the top of the list.
import { useCallback, useEffect, useRef, useState } from 'react'
import type {
  ContractError,
  LedgerFilter,
  LedgerPageView,
  LedgerSortColumn,
  PaymentRowView
} from '../../../shared/contract'
import { invoke } from '../api'

export const PAGE_SIZE = 100
/** The contract's largest page: a reload fetches at most this many rows in one call. */
const MAX_RELOAD = 500

export interface LedgerSort {
  readonly column: LedgerSortColumn
  readonly direction: 'asc' | 'desc'
}

export interface LedgerPages {
  readonly rows: readonly PaymentRowView[]
  /** False once the last page arrived. */
  readonly hasMore: boolean
  /** True until the first page of the current filter and sort has answered. */
  readonly loadingFirst: boolean
  readonly loadingMore: boolean
  readonly error: ContractError | null
  readonly loadMore: () => void
  readonly reload: () => void
}

interface State {
  readonly rows: readonly PaymentRowView[]
  readonly cursor: string | null
  readonly hasMore: boolean
  readonly loadingFirst: boolean
  readonly loadingMore: boolean
  readonly error: ContractError | null
}

const INITIAL: State = { rows: [], cursor: null, hasMore: true, loadingFirst: true, loadingMore: false, error: null }

export function useLedgerPages(filter: LedgerFilter | null, sort: LedgerSort): LedgerPages {
  const [state, setState] = useState<State>(INITIAL)
  const stateRef = useRef(state)
  stateRef.current = state
  // Bumped by every new query: an answer for an older one is dropped.
  const generation = useRef(0)
  const busy = useRef(false)
  const queryKey = filter === null ? null : JSON.stringify({ filter, sort })

  const fetchPage = useCallback(
    async (mode: 'first' | 'more' | 'reload') => {
      if (queryKey === null) return
      const query = JSON.parse(queryKey) as { filter: LedgerFilter; sort: LedgerSort }
      const current = stateRef.current
      if (mode === 'more' && (busy.current || !current.hasMore || current.cursor === null)) return
      const mine = ++generation.current
      busy.current = true
      const limit = mode === 'reload' ? Math.min(MAX_RELOAD, Math.max(PAGE_SIZE, current.rows.length)) : PAGE_SIZE
      if (mode === 'first') setState(INITIAL)
      if (mode === 'more') setState((previous) => ({ ...previous, loadingMore: true }))
      const envelope = await invoke('ledger:list', {
        filter: query.filter,
        sort: query.sort,
        cursor: mode === 'more' ? current.cursor : null,
        limit
      })
      if (mine !== generation.current) return
      busy.current = false
      setState((previous) => {
        if (!envelope.ok) return { ...previous, loadingFirst: false, loadingMore: false, error: envelope.error }
        const page: LedgerPageView = envelope.value
        const rows = mode === 'more' ? [...previous.rows, ...page.rows] : page.rows
        return {
          rows,
          cursor: page.nextCursor,
          hasMore: page.nextCursor !== null,
          loadingFirst: false,
          loadingMore: false,
          error: null
        }
      })
    },
    [queryKey]
  )

  useEffect(() => {
    void fetchPage('first')
    return () => {
      generation.current += 1
      busy.current = false
    }
  }, [fetchPage])

  const loadMore = useCallback(() => void fetchPage('more'), [fetchPage])
  const reload = useCallback(() => void fetchPage('reload'), [fetchPage])
  return { ...state, loadMore, reload }
}
