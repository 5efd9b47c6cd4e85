// The discrepancies of one run as they are found: one per type and subject (two checks that see
// the same problem, say Pi's record and the chain both naming another network, add their evidence
// to one item), listed in DISCREPANCY_TYPES order and, within a type, in the order found.
import { DISCREPANCY_TYPES } from '../../shared/contract/reconcile'
import type { Discrepancy, EvidenceRow } from './types'

export class Findings {
  private readonly byKey = new Map<string, Discrepancy>()

  add(found: Discrepancy): void {
    const key = `${found.type}\u0000${found.subject}`
    const known = this.byKey.get(key)
    if (known === undefined) {
      this.byKey.set(key, found)
      return
    }
    const evidence: EvidenceRow[] = [...known.evidence]
    for (const row of found.evidence) {
      if (!evidence.some((seen) => seen.what === row.what && seen.expected === row.expected && seen.found === row.found)) {
        evidence.push(row)
      }
    }
    this.byKey.set(key, { ...known, evidence, txid: known.txid ?? found.txid, amount: known.amount ?? found.amount })
  }

  list(): Discrepancy[] {
    const order = new Map(DISCREPANCY_TYPES.map((type, index) => [type, index]))
    // Array.prototype.sort is stable: items of one type keep the order they were found in.
    return [...this.byKey.values()].sort((a, b) => (order.get(a.type) ?? 0) - (order.get(b.type) ?? 0))
  }
}
