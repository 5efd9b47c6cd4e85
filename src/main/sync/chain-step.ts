// Step 2: the app wallet's history, from the saved cursor to the end, one page per transaction.
// A failure or a cancel between pages leaves the cursor exactly at the last page stored.
import type { ChainPage } from './chain-pager'
import { aborted, type SyncContext } from './context'
import { cursorStuck } from './errors'
import { onceMoreIfUnreadable } from './unreadable'

export type StepOutcome = 'completed' | 'cancelled'

export async function readChain(context: SyncContext): Promise<StepOutcome> {
  let cursor = await context.chain.cursor(context.stream)
  context.report.chain.cursor = cursor
  context.progress('reading_chain', 0, null)
  for (;;) {
    if (aborted(context)) return 'cancelled'
    const page = takePeeked(context, cursor) ?? (await readPageWithRetry(context, cursor))
    if (page.entries.length === 0 && page.skipped.length === 0) return 'completed'
    if (!page.lastPage && page.cursor === cursor) throw cursorStuck(cursor)

    const stored = await context.chain.storePage(page, context.stream, context.now().getTime(), () =>
      context.hooks.beforeCommit?.('chain_page')
    )
    await context.settleInvoices()
    const tally = context.report.chain
    tally.pages += 1
    tally.transactionsAdded += stored.transactionsAdded
    tally.operationsAdded += stored.operationsAdded
    tally.passedOver += page.entries.filter((entry) => entry.kind === 'passed_over').length
    tally.cursor = page.cursor
    context.report.pi.operationsLinked += stored.linked
    context.report.pi.directTransfers += stored.directTransfers
    for (const skipped of page.skipped) {
      context.report.skip({ kind: 'chain_record', ref: skipped.pagingToken, problem: skipped.problem })
    }
    context.progress('reading_chain', tally.pages, null)
    cursor = page.cursor
    if (page.lastPage) return 'completed'
  }
}

function takePeeked(context: SyncContext, cursor: string | null): ChainPage | null {
  const peeked = context.peeked
  context.peeked = null
  return peeked !== null && peeked.cursor === cursor ? peeked.page : null
}

/** A page is a read: an unreadable answer is asked for once more before the run gives up. */
export function readPageWithRetry(context: Pick<SyncContext, 'readPage'>, cursor: string | null): Promise<ChainPage> {
  return onceMoreIfUnreadable(() => context.readPage(cursor))
}
