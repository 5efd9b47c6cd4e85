// The evidence pack for Pi's support: one plain-text page with everything they need to close a
// payment the app cannot (the payment, what it claims, what the chain shows, and why it does not
// count), naming the network as the app shows it. Copied or saved from the queue.
import type { QueueItemView } from '../../../shared/contract'
import { UNPAID_LINKED_RULE } from '../../../shared/payments/unpaid-linked'

export function evidencePack(item: QueueItemView, networkLabel: string, zone: string): string {
  const evidence = item.evidence
  const lines = [
    'Merchant Desk: evidence for Pi support',
    '',
    `Request: please close payment ${item.identifier}. ${UNPAID_LINKED_RULE}`,
    '',
    `Network: ${networkLabel}`,
    `Payment id: ${item.identifier}`,
    `Direction: ${item.direction === 'user_to_app' ? 'user to app (a sale)' : 'app to user (a refund or payout)'}`,
    `Buyer (app-local uid): ${item.userUid}`,
    `Amount: ${item.amount} Pi`,
    `Memo: ${item.memo}`,
    `Created: ${item.createdAt} (UTC; business time zone ${zone})`,
    `Linked transaction: ${item.txid ?? 'none'}`
  ]
  if (evidence) {
    lines.push(
      '',
      'What the payment claims:',
      `  ${evidence.expected.amount} Pi from ${evidence.expected.from} to ${evidence.expected.to}, memo ${evidence.expected.memo}`,
      'What the chain shows:',
      evidence.found === null
        ? evidence.chainFacts === 'not_on_chain'
          ? `  Transaction ${evidence.txid ?? ''} is not on this network's chain.`
          : "  Not in the app wallet's stored history."
        : `  ${evidence.found.successful ? 'Successful' : 'Failed'}, memo ${evidence.found.memo ?? '(none)'}${
            evidence.found.payments.length === 0 ? ', no payment' : ''
          }`,
      ...(evidence.found?.payments ?? []).map((payment) => `  ${payment.amount} Pi from ${payment.from} to ${payment.to}`),
      'Why it does not count as paid:',
      ...evidence.explanations.map((sentence) => `  - ${sentence}`),
      `Checked: ${evidence.checkedAt ?? 'when the payment was last synced'}`
    )
  }
  return `${lines.join('\n')}\n`
}

/** Saves text as a file through the browser's download (the desktop app asks where). */
export function saveTextFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
