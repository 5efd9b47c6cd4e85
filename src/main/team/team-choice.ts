// Invariant: the team database a desk is pointed at lives in THIS desk's own file (its settings),
// never in the team's database, and its password only sealed (the keychain or the passphrase's key,
// as the Pi keys are). Nothing here returns the password except unsealTeamPassword, which hands it
// to the database driver at start. Every change is audited in the desk's own log, password-free.
import { z } from 'zod'
import type { JsonValue } from '../../shared/contract/queue'
import { runAudited } from '../audit'
import { getSetting, parsePostgresLocation, putSetting, type MerchantDb } from '../db'
import type { SealedCredential, SecretStore } from '../secrets'

/** The desk's settings key of its saved team database. */
export const TEAM_DATABASE_SETTING = 'team_database'
/** The secret slot the password is sealed into. */
const PASSWORD_CREDENTIAL = 'team_database_password'

const storedChoice = z.strictObject({
  address: z.string().min(1),
  password: z.strictObject({ cipher: z.enum(['os_keychain', 'passphrase']), sealed: z.string().min(1) }).nullable()
})

/** The team database saved on this desk: the address as typed (no password in it), the password sealed. */
export interface TeamChoice {
  readonly address: string
  readonly password: SealedCredential | null
}

export interface TeamChange {
  /** Who did it, for the desk's audit log. */
  readonly actor: string
}

export async function readTeamChoice(desk: Pick<MerchantDb, 'db'>): Promise<TeamChoice | null> {
  const stored = await getSetting(desk, TEAM_DATABASE_SETTING, storedChoice.nullable(), null)
  if (stored === null) return null
  return {
    address: stored.address,
    password: stored.password === null ? null : { cipher: stored.password.cipher, ciphertext: Buffer.from(stored.password.sealed, 'base64') }
  }
}

/** Saves the team database for the next start; an empty password saves none (a trusted login). */
export async function saveTeamChoice(
  desk: MerchantDb,
  secrets: SecretStore,
  choice: { readonly address: string; readonly password?: string | undefined },
  change: TeamChange
): Promise<void> {
  // Sealed before the transaction opens, as the keys are: the keychain may be slow.
  const password = choice.password === undefined || choice.password === '' ? null : await secrets.sealCredential(PASSWORD_CREDENTIAL, choice.password)
  await runAudited(desk, async (tx) => {
    const before = auditView(await readTeamChoice(tx))
    await putSetting(tx, TEAM_DATABASE_SETTING, {
      address: choice.address,
      password: password === null ? null : { cipher: password.cipher, sealed: password.ciphertext.toString('base64') }
    })
    const after = auditView(await readTeamChoice(tx))
    return { value: undefined, audit: { actor: change.actor, action: 'team_database.use', subject: null, before, after, at: desk.now() } }
  })
}

/** Back to this desk's own file from the next start; the sealed password goes with the address. */
export async function clearTeamChoice(desk: MerchantDb, change: TeamChange): Promise<void> {
  await runAudited(desk, async (tx) => {
    const before = auditView(await readTeamChoice(tx))
    await tx.db.deleteFrom('settings').where('key', '=', TEAM_DATABASE_SETTING).execute()
    return {
      value: undefined,
      audit: { actor: change.actor, action: 'team_database.leave', subject: null, before, after: auditView(null), at: desk.now() }
    }
  })
}

/** The saved password, unsealed for the driver; null when none was saved. Throws in words while the vault is locked. */
export async function unsealTeamPassword(choice: TeamChoice, secrets: SecretStore): Promise<string | null> {
  if (choice.password === null) return null
  return secrets.openCredential(PASSWORD_CREDENTIAL, choice.password)
}

/** The address as shown: normalised, without any password. */
export function shownAddress(address: string): string {
  return parsePostgresLocation(address).display
}

function auditView(choice: TeamChoice | null): { [key: string]: JsonValue } {
  return { teamDatabase: choice === null ? null : shownAddress(choice.address), passwordSaved: choice?.password != null }
}
