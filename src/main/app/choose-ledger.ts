// Which ledger a desk opens at start: MERCHANT_DESK_DB when set (a file or a team's address: the
// command line and tests decide), else the team database saved in Settings > Team database (its
// password unsealed here, from the desk's own file, and handed to the driver only), else the desk's
// own file. Kept out of the Electron shell so it is proved in Node.
import { isUserFacingError } from '../../shared/errors'
import { isPostgresLocation, openDatabase } from '../db'
import { SecretStore, type OsEncryption, type ScryptCost } from '../secrets'
import { readTeamChoice, unsealTeamPassword } from '../team'
import { createMainServices, type MainServices, type MainServicesOptions } from './compose'

export type LedgerSource = 'environment' | 'settings' | 'desk'

export interface LedgerChoice {
  /** What createMainServices opens: a SQLite file or a team's `postgres://` address. */
  readonly databasePath: string
  /** The team database's password, unsealed; absent when none was saved or it cannot be opened now. */
  readonly databasePassword?: string
  /** The desk's own file (its secrets and its saved choice). */
  readonly deskDatabasePath: string
  readonly source: LedgerSource
  /** Why a saved password could not be used (a locked passphrase vault, another keychain), in words; else null. */
  readonly notice: string | null
}

export interface ChooseLedgerOptions {
  /** Electron's safeStorage in the app; elsewhere the passphrase vault (locked at start). */
  readonly os?: OsEncryption | null
  readonly scryptCost?: ScryptCost
}

export async function chooseLedger(deskDatabasePath: string, env: NodeJS.ProcessEnv, options: ChooseLedgerOptions = {}): Promise<LedgerChoice> {
  const fromEnvironment = env.MERCHANT_DESK_DB?.trim()
  if (fromEnvironment) return { databasePath: fromEnvironment, deskDatabasePath, source: 'environment', notice: null }

  const desk = openDatabase(deskDatabasePath)
  try {
    const choice = await readTeamChoice(desk)
    if (choice === null || !isPostgresLocation(choice.address)) return { databasePath: deskDatabasePath, deskDatabasePath, source: 'desk', notice: null }
    const secrets = new SecretStore({ store: desk, os: options.os ?? null, ...(options.scryptCost ? { scryptCost: options.scryptCost } : {}) })
    let password: string | null = null
    let notice: string | null = null
    try {
      password = await unsealTeamPassword(choice, secrets)
      if (password === null && choice.password !== null) notice = PASSWORD_UNREADABLE
    } catch (error) {
      if (!isUserFacingError(error)) throw error
      // A passphrase vault is locked until the merchant enters it, which needs the app running.
      notice = PASSWORD_LOCKED
    }
    return {
      databasePath: choice.address,
      ...(password === null ? {} : { databasePassword: password }),
      deskDatabasePath,
      source: 'settings',
      notice
    }
  } finally {
    desk.close()
  }
}

const PASSWORD_LOCKED =
  "The team database's password is sealed with your passphrase, which Merchant Desk cannot ask for before it starts, so it connected without it."
const PASSWORD_UNREADABLE =
  "The team database's saved password cannot be read on this computer (its keychain is not available), so Merchant Desk connected without it."

/**
 * Opens the services on the chosen ledger. When a team database saved in Settings cannot be opened
 * (it does not answer, the login is refused), `onTeamUnavailable` is told why and answers whether
 * to open the desk's own file for this session (where the card can be fixed) or to stop (null).
 * The desk's own file is never opened in its place without that answer: its ledger is not the team's.
 */
export async function openChosenLedger(
  choice: LedgerChoice,
  options: Omit<MainServicesOptions, 'databasePath' | 'databasePassword' | 'deskDatabasePath' | 'ledgerChosenBy'>,
  onTeamUnavailable: (sentence: string) => Promise<'desk' | 'quit'>
): Promise<MainServices | null> {
  const onChoice = { ...options, databasePath: choice.databasePath, deskDatabasePath: choice.deskDatabasePath, ledgerChosenBy: choice.source }
  try {
    return await createMainServices(choice.databasePassword === undefined ? onChoice : { ...onChoice, databasePassword: choice.databasePassword })
  } catch (error) {
    if (choice.source !== 'settings' || !isUserFacingError(error)) throw error
    const sentence = [error.message, choice.notice].filter((part) => part !== null).join(' ')
    if ((await onTeamUnavailable(sentence)) === 'quit') return null
    return createMainServices({ ...options, databasePath: choice.deskDatabasePath, deskDatabasePath: choice.deskDatabasePath, ledgerChosenBy: 'desk' })
  }
}
