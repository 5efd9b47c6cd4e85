// "Check connection": opens the team database at the address with the password, runs one query,
// and closes it. The answer is "Connected" or the engine's sentence (the server did not answer, the
// login was refused, the database is newer than this build...). Opening prepares the ledger's
// schema as the desk's own start would, so a database that checks out is one the desk can run on.
import { sql } from 'kysely'
import type { TeamCheckView } from '../../shared/contract/team'
import { isUserFacingError } from '../../shared/errors'
import { openDatabase, type MerchantDb } from '../db'

export async function checkTeamDatabase(choice: { readonly address: string; readonly password?: string | undefined }): Promise<TeamCheckView> {
  let store: MerchantDb
  try {
    store = openDatabase(choice.address, choice.password === undefined || choice.password === '' ? {} : { password: choice.password })
  } catch (error) {
    return refusal(error)
  }
  try {
    await sql`SELECT 1`.execute(store.db)
    return { ok: true, message: 'Connected' }
  } catch (error) {
    return refusal(error)
  } finally {
    store.close()
  }
}

function refusal(error: unknown): TeamCheckView {
  // Only sentences written for the merchant; anything else is a bug the router reports as one.
  if (isUserFacingError(error)) return { ok: false, message: error.message }
  throw error
}
