// `merchant-desk people add <name> --role ROLE`, `people list [--json]`, `people remove <name>`:
// the people of a ledger (issue 18). A new person's secret comes from MERCHANT_DESK_NEW_SECRET, or
// is typed twice on a terminal (not shown), never from an argument. The first person must be an
// owner; from then on every command names its person (MERCHANT_DESK_USER, MERCHANT_DESK_USER_SECRET).
import type { Command } from 'commander'
import { toPersonView } from '../../main/people'
import type { PersonView } from '../../shared/contract/people'
import { UserFacingError } from '../../shared/errors'
import { connectionFlags, openCliContext } from '../context'
import { withExamples } from '../help'
import { processOutput, type CliOutput } from './audit'

export function registerPeopleCommands(program: Command, output: CliOutput = processOutput): void {
  const people = withExamples(program.command('people').description('Who works at this ledger, and as what: owner, manager, staff or accountant.'), [
    'merchant-desk people list --db shop.sqlite',
    'merchant-desk people add Sam --role staff   # the secret from MERCHANT_DESK_NEW_SECRET, or asked twice'
  ])

  withExamples(people.command('list').description('List the people of the ledger with their roles.').option('--json', 'print JSON instead of text'), [
    'merchant-desk people list --json --db shop.sqlite'
  ]).action(async (flags: { json?: boolean }, command: Command) => {
    const context = await openCliContext(connectionFlags(command), { needs: 'read' })
    try {
      const views = (await context.people.list()).map(toPersonView)
      output.out(flags.json ? `${JSON.stringify({ items: views })}\n` : describePeople(views))
    } finally {
      await context.close()
    }
  })

  withExamples(
    people
      .command('add <name>')
      .description("Add a person. Their secret (a PIN of 4 or more characters, or a passphrase) comes from MERCHANT_DESK_NEW_SECRET, or is asked twice on a terminal. The first person must be an owner.")
      .requiredOption('--role <role>', 'owner, manager, staff or accountant'),
    [
      'merchant-desk people add Ana --role owner --db shop.sqlite   # the first person: an owner',
      'merchant-desk people add Sam --role staff   # as Ana (MERCHANT_DESK_USER); Sam\u2019s secret from MERCHANT_DESK_NEW_SECRET, or asked twice'
    ]
  ).action(async (name: string, flags: { role: string }, command: Command) => {
    const context = await openCliContext(connectionFlags(command), { needs: 'people' })
    try {
      const first = !(await context.people.status()).peopleExist
      const secret = await newSecret(name)
      const everyone = await context.people.add({ name, role: flags.role, secret })
      const added = everyone.find((person) => person.name.toLowerCase() === name.trim().replace(/\s+/g, ' ').toLowerCase())
      output.out(`Added ${added?.name ?? name} as ${added?.role ?? flags.role}.\n`)
      if (first) output.out('This ledger has people now: every command needs MERCHANT_DESK_USER and MERCHANT_DESK_USER_SECRET.\n')
    } finally {
      await context.close()
    }
  })

  registerGrantLogin(people, output)

  withExamples(people.command('remove <name>').description('Remove a person: they can no longer unlock the ledger (the log keeps their name).'), [
    'merchant-desk people remove Sam --db shop.sqlite'
  ]).action(async (name: string, _flags: unknown, command: Command) => {
    const context = await openCliContext(connectionFlags(command), { needs: 'people' })
    try {
      const left = await context.people.remove(name)
      output.out(`Removed ${name.trim()}. ${left.length === 0 ? 'Nobody is left: the ledger is its owner\u2019s again, as before people.' : `${left.length} ${left.length === 1 ? 'person remains' : 'people remain'}.`}\n`)
    } finally {
      await context.close()
    }
  })
}

/**
 * `people grant-login <name> <login>`: on a team's PostgreSQL ledger, the person's own database
 * login, so the database itself knows who writes and enforces four eyes (src/main/people/postgres).
 * Its password comes from MERCHANT_DESK_NEW_DB_PASSWORD, never from an argument.
 */
function registerGrantLogin(people: Command, output: CliOutput): void {
  withExamples(
    people
      .command('grant-login <name> <login>')
      .description(
        "On a team's PostgreSQL ledger: let a person connect with their own database login (created when missing, its password from MERCHANT_DESK_NEW_DB_PASSWORD), granted what their role writes and nothing more. Run it with the login that owns the ledger, and again after an upgrade."
      ),
    ['merchant-desk people grant-login Sam sam_shop --db postgres://admin@db.shop.lan/merchant_desk   # its password from MERCHANT_DESK_NEW_DB_PASSWORD']
  ).action(async (name: string, login: string, _flags: unknown, command: Command) => {
    const context = await openCliContext(connectionFlags(command), { needs: 'people' })
    try {
      const password = process.env.MERCHANT_DESK_NEW_DB_PASSWORD
      const granted = await context.people.grantLogin({ person: name, login, ...(password ? { password } : {}) })
      output.out(
        `${granted.person} (${granted.role}) now connects to this ledger as ${granted.login}${granted.created ? ' (a new login)' : ''}, with what a ${granted.role} writes and nothing more.\n`
      )
    } finally {
      await context.close()
    }
  })
}

export function describePeople(views: readonly PersonView[]): string {
  if (views.length === 0) return 'Nobody has been added: the ledger is its owner\u2019s (add yourself first with `merchant-desk people add <name> --role owner`).\n'
  const width = Math.max(...views.map((view) => view.name.length))
  return `${views.map((view) => `${view.name.padEnd(width)}  ${view.role.padEnd(10)}  added ${view.addedAt} by ${view.addedBy}${view.dbLogin ? `  database login ${view.dbLogin}` : ''}`).join('\n')}\n`
}

/** The new person's secret: MERCHANT_DESK_NEW_SECRET, else typed twice on a terminal. */
async function newSecret(name: string): Promise<string> {
  const fromEnv = process.env.MERCHANT_DESK_NEW_SECRET
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  if (!process.stdin.isTTY) {
    throw new UserFacingError(
      'person_secret_missing',
      `Give ${name.trim().slice(0, 64)}'s secret in MERCHANT_DESK_NEW_SECRET, or run this on a terminal to type it. Nothing was saved.`
    )
  }
  const first = await askHidden(`${name.trim()}'s secret (a PIN of 4 or more characters, or a passphrase): `)
  const again = await askHidden('The same again: ')
  if (first !== again) throw new UserFacingError('person_secret_mismatch', 'The two secrets typed differ. Nothing was saved; try again.')
  return first
}

/** One line typed on the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  const stdin = process.stdin
  return new Promise((resolve, reject) => {
    let typed = ''
    const finish = () => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      process.stderr.write('\n')
    }
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          finish()
          resolve(typed)
          return
        }
        if (char === '\u0003' || char === '\u0004') {
          finish()
          reject(new UserFacingError('person_add_stopped', 'Stopped. Nothing was saved.'))
          return
        }
        typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char
      }
    }
    process.stderr.write(question)
    stdin.setRawMode(true)
    stdin.resume()
    stdin.on('data', onData)
  })
}
