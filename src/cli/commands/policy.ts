// `merchant-desk policy show [--json]` and `policy set --role staff|manager [...]`: the owner's
// refund policy (issue 18). Amounts are Pi as typed ("none" lifts a limit); what is not given
// stays as it was. Every change is audited with before and after.
import type { Command } from 'commander'
import { toPolicyView, type PolicyChange } from '../../main/people'
import type { PolicyView } from '../../shared/contract/people'
import { UserFacingError } from '../../shared/errors'
import { connectionFlags, openCliContext } from '../context'
import { withExamples } from '../help'
import { parseNonNegativeInt } from '../parse'
import { processOutput, type CliOutput } from './audit'

interface PolicySetFlags {
  readonly role: string
  readonly maxRefund?: string
  readonly dailyLimit?: string
  readonly windowDays?: string
  readonly requireReason?: boolean
  readonly approvalAbove?: string
  readonly approvalValidHours?: string
  readonly json?: boolean
}

export function registerPolicyCommands(program: Command, output: CliOutput = processOutput): void {
  const policy = withExamples(program.command('policy').description('The refund policy: what managers and staff may refund and pay without approval.'), [
    'merchant-desk policy show --db shop.sqlite',
    'merchant-desk policy set --role staff --max-refund 10 --daily-limit 50'
  ])

  withExamples(policy.command('show').description('Show the refund policy of each role.').option('--json', 'print JSON instead of text'), [
    'merchant-desk policy show --json --db shop.sqlite'
  ]).action(async (flags: { json?: boolean }, command: Command) => {
    const context = await openCliContext(connectionFlags(command), { needs: 'read' })
    try {
      const view = toPolicyView(await context.people.policy())
      output.out(flags.json ? `${JSON.stringify(view)}\n` : describePolicy(view))
    } finally {
      await context.close()
    }
  })

  withExamples(
    policy
      .command('set')
      .description('Change the refund policy of managers or staff (owners only); what is not given stays as it was.')
      .requiredOption('--role <role>', 'manager or staff')
      .option('--max-refund <pi>', 'the most one refund may be without approval, in Pi, or none')
      .option('--daily-limit <pi>', 'the most one person may refund in a business day without approval, in Pi, or none')
      .option('--window-days <n>', 'how many days after a sale a refund needs no approval, or none')
      .option('--require-reason', 'a refund needs its reason in words')
      .option('--no-require-reason', 'a reason code is enough')
      .option('--approval-above <pi>', 'payouts (not refunds) above this need approval, in Pi: 0 for every payout, none for no payout')
      .option('--approval-valid-hours <n>', 'how long an approval stays good for paying (every role), 1 to 720 hours')
      .option('--json', 'print the policy as JSON'),
    [
      'merchant-desk policy set --role staff --max-refund 10 --daily-limit 50 --window-days 30 --require-reason',
      'merchant-desk policy set --role manager --max-refund none --approval-above 100 --approval-valid-hours 24'
    ]
  ).action(async (flags: PolicySetFlags, command: Command) => {
    const change: PolicyChange = {
      role: flags.role.trim().toLowerCase(),
      ...(flags.maxRefund === undefined ? {} : { maxRefund: flags.maxRefund }),
      ...(flags.dailyLimit === undefined ? {} : { dailyLimit: flags.dailyLimit }),
      ...(flags.windowDays === undefined ? {} : { windowDays: flags.windowDays.trim().toLowerCase() === 'none' ? null : parseNonNegativeInt(flags.windowDays.trim(), '--window-days') }),
      ...(flags.requireReason === undefined ? {} : { requireReason: flags.requireReason }),
      ...(flags.approvalAbove === undefined ? {} : { approvalAbove: flags.approvalAbove }),
      ...(flags.approvalValidHours === undefined ? {} : { approvalValidHours: parseNonNegativeInt(flags.approvalValidHours.trim(), '--approval-valid-hours') })
    }
    if (Object.keys(change).length === 1) {
      throw new UserFacingError('invalid_option', 'Say what to change (for example --max-refund 10 or --daily-limit none): see `merchant-desk policy set --help`. Nothing was changed.')
    }
    const context = await openCliContext(connectionFlags(command), { needs: 'policy' })
    try {
      const view = toPolicyView(await context.people.setPolicy(change))
      output.out(flags.json ? `${JSON.stringify(view)}\n` : describePolicy(view))
    } finally {
      await context.close()
    }
  })
}

export function describePolicy(view: PolicyView): string {
  const lines = ['Owners refund and pay without limits or approval; accountants move no money.']
  for (const role of view.roles) {
    lines.push('', `${role.role === 'staff' ? 'Staff' : 'Managers'}${role.setBy === null ? ' (the defaults)' : ` (set by ${role.setBy})`}:`)
    // How long an approval holds is one setting for every role: said once, below.
    lines.push(...role.sentences.filter((sentence) => !sentence.startsWith('An approval stays good')).map((sentence) => `  ${sentence}`))
  }
  lines.push('', `An approval stays good for ${view.approvalValidHours} hours.`)
  return `${lines.join('\n')}\n`
}
