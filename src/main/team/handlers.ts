// The four `team:*` channels of the "Team database" card. Answers carry addresses without any
// password and "password saved yes/no"; the password itself only ever travels renderer -> main.
import type { Handlers } from '../../shared/contract'
import type { TeamDatabaseView } from '../../shared/contract/team'
import { UserFacingError } from '../../shared/errors'
import type { MerchantDb } from '../db'
import type { SecretStore } from '../secrets'
import { checkTeamDatabase } from './check-team-database'
import { clearTeamChoice, readTeamChoice, saveTeamChoice, shownAddress } from './team-choice'

export type TeamChannels = 'team:status' | 'team:check' | 'team:join' | 'team:leave'

export interface TeamHandlerDeps {
  /** The ledger this desk runs on now. */
  readonly store: MerchantDb
  /** This desk's own file: where the choice, its sealed password and their audit trail live. */
  readonly desk: MerchantDb
  readonly secrets: SecretStore
  /** Who the audit log names: "desktop" in the app. */
  /** Who acts now (the person working at the desk). */
  readonly actor: () => string
  /** MERCHANT_DESK_DB chose the ledger at start: a saved choice waits until it is no longer set. */
  readonly setByEnvironment?: boolean
}

export function teamHandlers(deps: TeamHandlerDeps): Pick<Handlers, TeamChannels> {
  const view = () => teamDatabaseView(deps.store, deps.desk, deps.setByEnvironment ?? false)
  return {
    'team:status': view,
    'team:check': (choice) => checkTeamDatabase(choice),
    'team:join': async (choice) => {
      // Refused up front when the password could not be sealed now (a locked passphrase vault).
      if (choice.password !== undefined && choice.password !== '') await deps.secrets.assertCanSave()
      // Never saved unchecked: the desk would not start on an address that does not work.
      const check = await checkTeamDatabase(choice)
      if (!check.ok) throw new UserFacingError('team_database_unavailable', check.message)
      await saveTeamChoice(deps.desk, deps.secrets, choice, { actor: deps.actor() })
      return view()
    },
    'team:leave': async () => {
      await clearTeamChoice(deps.desk, { actor: deps.actor() })
      return view()
    }
  }
}

export async function teamDatabaseView(store: MerchantDb, desk: MerchantDb, setByEnvironment: boolean): Promise<TeamDatabaseView> {
  const onTeam = store.engine.kind === 'postgres'
  const choice = await readTeamChoice(desk)
  const saved = choice === null ? null : { address: shownAddress(choice.address), passwordSaved: choice.password !== null }
  return {
    current: { kind: onTeam ? 'team' : 'desk', location: store.path },
    saved,
    setByEnvironment,
    restartNeeded: !setByEnvironment && (saved === null ? onTeam : !onTeam || saved.address !== store.path)
  }
}
