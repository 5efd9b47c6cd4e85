// `merchant-desk db copy --from <ledger> --to <ledger> [--json]`: a desk's ledger copied into a new
// or empty one (a team's PostgreSQL database, #17 item 4), then proved from both sides. Progress on
// stderr, one line per page (`copy: payments 12000/50000`); on stdout a table of rows per table,
// money to the stroop and the audit chain, side by side. Exits 1 naming the first difference when
// any figure differs, and refuses (before writing anything) a target that already holds books, a
// source that is not a Merchant Desk ledger, and a source that does not exist. A ledger with people
// is copied by an owner only (MERCHANT_DESK_USER and MERCHANT_DESK_USER_SECRET).
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { verifyAuditLog } from '../../main/audit'
import { copyLedger, copyOntoItself, openDatabase, type CopyReport, type MerchantDb } from '../../main/db'
import { DeskSession, hasPeople } from '../../main/people'
import { UserFacingError } from '../../shared/errors'
import { withExamples } from '../help'
import { osUser } from '../os-user'
import { actAsEnvironmentPerson } from '../person'

export function registerDatabaseCommands(program: Command): void {
  const db = withExamples(program.command('db').description('Move a ledger: copy a desk\u2019s ledger into a team database.'), [
    'merchant-desk db copy --from ~/.config/merchant-desk/merchant-desk.sqlite --to postgres://desk@db.shop.lan:5432/merchant_desk'
  ])
  withExamples(
    db
      .command('copy')
      .description('Copy every row of a ledger into an empty one, then check rows, money to the stroop and the audit chain on both sides.')
      .requiredOption('--from <ledger>', 'the ledger to copy: a SQLite file (only read, never changed)')
      .requiredOption('--to <ledger>', 'where to: a SQLite file that does not exist yet, or an empty postgres://user@host:5432/database')
      .option('--json', 'print the comparison as JSON'),
    [
      'merchant-desk db copy --from shop.sqlite --to postgres://desk@db.shop.lan:5432/merchant_desk',
      'merchant-desk db copy --from shop.sqlite --to shop-copy.sqlite --json'
    ]
  ).action(async (flags: { from: string; to: string; json?: boolean }) => {
    const from = location(flags.from)
    const to = location(flags.to)
    if (from === to) throw copyOntoItself(to)
    // The source first, read-only: a missing or foreign source is refused before a target file is made.
    const source = openDatabase(from, { readonly: true })
    let target: MerchantDb | null = null
    try {
      // A ledger with people is copied whole (its people, their secrets' hashes, the log) by an owner only.
      if (await hasPeople(source)) await checkOwner(from)
      target = openDatabase(to)
      const report = await copyLedger(source, target, {
        verifyAuditLog,
        onProgress: ({ table, done, total }) => process.stderr.write(`copy: ${table} ${done}/${total}\n`)
      })
      process.stdout.write(flags.json ? `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}\n` : describeReport(report))
      if (report.mismatches.length > 0) {
        const more = report.mismatches.length - 1
        throw new UserFacingError(
          'copy_mismatch',
          `The copy does not match the source: ${report.mismatches[0]}${more > 0 ? ` (and ${more} more, listed above)` : ''} ` +
            'The source was not changed. Keep using it, and empty the copy before copying again.'
        )
      }
    } finally {
      target?.close()
      source.close()
    }
  })
}

/**
 * Unlocks the source as the person the environment names and checks they may move the ledger,
 * on a handle of its own: the attempt (and a wrong secret) is audited in the source, as anywhere,
 * before the copy reads it.
 */
async function checkOwner(from: string): Promise<void> {
  const store = openDatabase(from)
  try {
    await actAsEnvironmentPerson(store, new DeskSession({ store, ownerName: osUser() }), process.env, 'team')
  } finally {
    store.close()
  }
}

/** A file path made absolute (so both sides name a file the same way); a URL as given. */
function location(given: string): string {
  return /^postgres(ql)?:\/\//i.test(given) ? given : resolve(given)
}

const TREATMENT_WORDS = { copied: 'same rows', rebuilt: 'rebuilt by the copy\u2019s triggers', kept_on_this_desk: 'kept on this desk (secrets stay sealed here)' }

/** The comparison as a person reads it: what was copied, then every figure, here and in the copy. */
export function describeReport(report: CopyReport): string {
  const lines = [`Copied ${report.from} into ${report.to}, then compared both sides.`, '']
  const tableWidth = Math.max(...report.tables.map((row) => row.table.length), 'Table'.length)
  lines.push(`${'Table'.padEnd(tableWidth)}  ${'Here'.padStart(10)}  ${'Copy'.padStart(10)}`)
  for (const row of report.tables) {
    const differs = row.treatment !== 'kept_on_this_desk' && (row.sourceRows !== row.targetRows || row.sameContent === false)
    const note = differs ? 'DIFFERS' : TREATMENT_WORDS[row.treatment]
    lines.push(`${row.table.padEnd(tableWidth)}  ${String(row.sourceRows).padStart(10)}  ${String(row.targetRows).padStart(10)}  ${note}`)
  }
  lines.push('')
  const figureWidth = Math.max(...report.figures.map((figure) => figure.what.length), 'Money and counts'.length)
  const numberWidth = Math.max(...report.figures.flatMap((figure) => [String(figure.source).length, String(figure.target).length]), 10)
  lines.push(`${'Money and counts'.padEnd(figureWidth)}  ${'Here'.padStart(numberWidth)}  ${'Copy'.padStart(numberWidth)}`)
  for (const figure of report.figures) {
    const note = figure.source === figure.target ? '' : '  DIFFERS'
    lines.push(`${figure.what.padEnd(figureWidth)}  ${String(figure.source).padStart(numberWidth)}  ${String(figure.target).padStart(numberWidth)}${note}`)
  }
  lines.push('')
  const { source, target } = report.audit
  lines.push(
    target.ok
      ? `Audit log: ${target.entries} ${target.entries === 1 ? 'entry verifies' : 'entries verify'} in the copy; last hash ${target.headHash ?? 'none'} (here: ${source.headHash ?? 'none'}).`
      : `Audit log: the copy does not verify. ${target.reason ?? ''}`.trim()
  )
  if (report.mismatches.length === 0) lines.push('The copy matches: every row, every total to the stroop, and the audit chain.')
  else lines.push('Differences:', ...report.mismatches.map((mismatch) => `  ${mismatch}`))
  return `${lines.join('\n')}\n`
}
