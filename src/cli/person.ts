// Who acts on the command line (issue 18). A ledger without people is its owner's: the OS user
// acts, as before. Once people exist, every command that reads or changes the ledger names its
// person in the environment, MERCHANT_DESK_USER, and unlocks as them with MERCHANT_DESK_USER_SECRET
// (wrong secrets are counted, slowed down and audited as at the desk's "who is working" screen),
// then the person's role must allow what the command does. Secrets never come from arguments:
// they would land in shell history and in `ps` for every user of the machine.
import type { MerchantDb } from '../main/db'
import { hasPeople, type Acting, type Capability, type DeskSession } from '../main/people'
import { UserFacingError } from '../shared/errors'

/** Unlocks as the person the environment names (when the ledger has people), then checks `needs`. */
export async function actAsEnvironmentPerson(store: Pick<MerchantDb, 'db'>, session: DeskSession, env: NodeJS.ProcessEnv, needs: Capability): Promise<Acting> {
  if (await hasPeople(store)) {
    const name = env.MERCHANT_DESK_USER?.trim() ?? ''
    if (name === '') {
      throw new UserFacingError(
        'desk_locked',
        'This ledger has people: set MERCHANT_DESK_USER to your name and MERCHANT_DESK_USER_SECRET to your secret (the owner adds people with `merchant-desk people add`). Nothing was done.'
      )
    }
    const secret = env.MERCHANT_DESK_USER_SECRET ?? ''
    if (secret === '') {
      throw new UserFacingError('desk_locked', `Set MERCHANT_DESK_USER_SECRET to ${name.slice(0, 64)}'s secret (never on the command line). Nothing was done.`)
    }
    await session.unlock(name, secret)
  }
  return session.require(needs)
}
