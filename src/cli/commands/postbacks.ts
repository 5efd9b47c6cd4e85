// `merchant-desk postbacks [--json]` and `postbacks redeliver <id>`: the signed POSTs the desk owes
// the shop's backend (invoice statuses, what staff did to its Pi payments), each with its state,
// attempts, last answer and next try; and a delivered or given-up one sent again now (same body,
// new signature), audited as the person acting. Postbacks are signed with
// MERCHANT_DESK_POSTBACK_SECRET; without it nothing is sent, and the list says so.
import type { Command } from 'commander'
import type { PostbackListView, PostbackView } from '../../shared/contract/postbacks'
import { UserFacingError } from '../../shared/errors'
import { connectionFlags, openCliContext } from '../context'
import { withExamples } from '../help'
import { processOutput, type CliOutput } from './audit'

export function registerPostbackCommands(program: Command, output: CliOutput = processOutput): void {
  const postbacks = withExamples(
    program
      .command('postbacks')
      .description("List the signed postbacks to the shop's backend, with their attempts (newest first).")
      .option('--json', 'print JSON instead of text'),
    ['merchant-desk postbacks --db shop.sqlite', 'merchant-desk postbacks --json', 'merchant-desk postbacks redeliver 12   # MERCHANT_DESK_POSTBACK_SECRET in the environment']
  ).action(async (flags: { json?: boolean }, command: Command) => {
    const context = await openCliContext(connectionFlags(command), { needs: 'read' })
    try {
      const list = await context.postbacks.list({ networkId: context.networkId })
      output.out(flags.json ? `${JSON.stringify(list)}\n` : describePostbacks(list))
    } finally {
      await context.close()
    }
  })

  withExamples(
    postbacks
      .command('redeliver <id>')
      .description('Send a delivered or given-up postback again now (same body, new signature), and retry it for three more days.')
      .option('--json', 'print JSON instead of text'),
    ['merchant-desk postbacks redeliver 12 --db shop.sqlite   # MERCHANT_DESK_POSTBACK_SECRET in the environment']
  ).action(async (id: string, own: { json?: boolean }, command: Command) => {
    // `postbacks redeliver --json`: the parent `postbacks` reads its own --json first, wherever it stands.
    const json = own.json === true || command.optsWithGlobals<{ json?: boolean }>().json === true
    const number = postbackNumber(id)
    const context = await openCliContext(connectionFlags(command), { needs: 'queue' })
    try {
      await context.postbacks.redeliver(number, context.networkId)
      // Sent now, not at some app's next poll: one round of the deliverer (it also sends any other postback due).
      await context.postbacks.deliverer.runOnce()
      const list = await context.postbacks.list({ networkId: context.networkId })
      const view = list.items.find((item) => item.id === number)
      if (view === undefined) return
      output.out(json ? `${JSON.stringify({ postback: view, paused: list.paused })}\n` : describeRedelivery(view, list.paused))
    } finally {
      await context.close()
    }
  })
}

function postbackNumber(id: string): number {
  const number = Number(id.replace(/^#/, ''))
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new UserFacingError('invalid_input', `"${id}" is not a postback number (see \`merchant-desk postbacks\`). Nothing was sent.`)
  }
  return number
}

export function describePostbacks(list: PostbackListView): string {
  const lines: string[] = []
  if (list.paused !== null) lines.push(list.paused, '')
  if (list.items.length === 0) lines.push('No postbacks yet.')
  for (const item of list.items) {
    lines.push(`#${item.id}  ${item.state}  ${item.event}  ${item.topic} ${item.subject}  -> ${item.url}`)
    lines.push(`  ${stateLine(item)}`)
    for (const attempt of item.history) {
      lines.push(`  try ${attempt.attempt} at ${attempt.startedAt}: ${attempt.httpStatus === null ? (attempt.error ?? 'no answer') : `HTTP ${attempt.httpStatus}`} (${attempt.durationMs} ms)`)
    }
  }
  return `${lines.join('\n')}\n`
}

function stateLine(item: PostbackView): string {
  const tries = `${item.attempts} ${item.attempts === 1 ? 'attempt' : 'attempts'}`
  const last = item.lastStatus !== null ? `, last answer HTTP ${item.lastStatus}` : item.lastError !== null ? `, last: ${item.lastError}` : ''
  switch (item.state) {
    case 'delivered':
      return `${tries}${last}; delivered at ${item.deliveredAt ?? '-'}`
    case 'gave_up':
      return `${tries}${last}; given up at ${item.giveUpAt} (redeliver it with \`merchant-desk postbacks redeliver ${item.id}\`)`
    case 'pending':
      return `${tries}${last}; next try at ${item.nextAttemptAt ?? '-'} (retried until ${item.giveUpAt})`
  }
}

function describeRedelivery(view: PostbackView, paused: string | null): string {
  if (paused !== null) return `Postback ${view.id} will be sent again, but ${lowerFirst(paused)}\n`
  if (view.state === 'delivered') return `Postback ${view.id} sent again: the shop answered HTTP ${view.lastStatus ?? '-'}.\n`
  return `Postback ${view.id} was sent again but not acknowledged (${view.lastError ?? 'no answer'}); next try at ${view.nextAttemptAt ?? '-'}.\n`
}

function lowerFirst(sentence: string): string {
  return sentence.charAt(0).toLowerCase() + sentence.slice(1)
}
