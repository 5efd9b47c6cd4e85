// audit/1: the audit log's entries made in the period, in log order, with the hashes that chain
// them, so a copy can be checked against the log (each entry's prev_hash is the hash before it).
// The log is not per network: it covers every staff action. No amounts, so no control totals.
import type { CellValue, ColumnSpec, ReportDefinition } from '../report-definition'

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'seq', kind: 'integer', description: 'The entry number: 1, 2, 3... with no gap in the whole log.' },
  { name: 'at_local', kind: 'local_time', description: "When it happened, in the export's time zone, with its UTC offset." },
  { name: 'at_utc', kind: 'utc_time', description: 'When it happened, in UTC.' },
  { name: 'actor', kind: 'text', description: 'Who: the person working at the desk; on a desk without people, the operating-system user for the CLI, "desktop" for the app.' },
  { name: 'action', kind: 'text', description: 'What, as domain.verb (payment.complete, payout.resubmit, ...).' },
  { name: 'subject', kind: 'text', description: 'What it was about (usually a payment id), empty when nothing in particular.' },
  { name: 'before_json', kind: 'text', description: 'The state before, as JSON.' },
  { name: 'after_json', kind: 'text', description: 'The state after (and the result), as JSON.' },
  { name: 'prev_hash', kind: 'text', description: "The previous entry's hash (64 zeros for the first entry)." },
  { name: 'hash', kind: 'text', description: "SHA-256 over prev_hash and the entry's content." }
]

export const auditReport: ReportDefinition = {
  name: 'audit',
  version: 1,
  title: 'Audit log',
  totals: [],
  acceptsLedgerFilter: false,
  async open(source) {
    const inPeriod = source.db
      .selectFrom('audit_log')
      .where('at', '>=', BigInt(source.period.startMs))
      .where('at', '<', BigInt(source.period.endMs))
    const { count } = await inPeriod.select((eb) => eb.fn.countAll<bigint>().as('count')).executeTakeFirstOrThrow()
    const entries = inPeriod
      .select(['seq', 'at', 'actor', 'action', 'subject', 'before_json', 'after_json', 'prev_hash', 'hash'])
      .orderBy('seq')
    return {
      columns: COLUMNS,
      rowCount: Number(count),
      async *rows() {
        for await (const entry of entries.stream()) {
          const cells: CellValue[] = [
            entry.seq,
            entry.at,
            entry.at,
            entry.actor,
            entry.action,
            entry.subject,
            entry.before_json,
            entry.after_json,
            entry.prev_hash,
            entry.hash
          ]
          yield [cells]
        }
      }
    }
  }
}
