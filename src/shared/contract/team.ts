// Contract pieces of the "Team database" card: which ledger this desk uses, and the team database
// (PostgreSQL) it should use from its next start. The password travels one way only, like the Pi
// secrets: the renderer sends it to check or save; no answer carries it back, and the address is
// always shown without one.
import { z } from 'zod'

/** A team database's address as a person types it; the password has its own field. */
export const teamAddressInput = z
  .string()
  .trim()
  .min(1, { message: 'Enter the team database address' })
  .max(2048)
  .refine((address) => /^postgres(ql)?:\/\/[^/?#]+/i.test(address), {
    message: 'Write the address as postgres://user@host:5432/database'
  })
  .refine((address) => !/^postgres(ql)?:\/\/[^/@]*:[^/@]*@/i.test(address), {
    message: 'Put the password in the password field, not in the address'
  })

export const teamDatabaseInput = z.strictObject({
  address: teamAddressInput,
  /** Empty when the server needs none (a login trusted by the server). */
  password: z.string().max(1024).optional()
})
export type TeamDatabaseInput = z.input<typeof teamDatabaseInput>

export interface TeamDatabaseView {
  /** The ledger this desk runs on now. */
  readonly current: {
    readonly kind: 'desk' | 'team'
    /** This desk's file path, or the team database's address without its password. */
    readonly location: string
  }
  /** The team database saved in Settings for the next start, or null: this desk's own file. */
  readonly saved: { readonly address: string; readonly passwordSaved: boolean } | null
  /** MERCHANT_DESK_DB names this desk's ledger: it wins over the saved choice at every start. */
  readonly setByEnvironment: boolean
  /** The saved choice differs from the ledger in use: it takes effect when the desk restarts. */
  readonly restartNeeded: boolean
}

export interface TeamCheckView {
  readonly ok: boolean
  /** "Connected" or the sentence of what went wrong (the server did not answer, the login was refused...). */
  readonly message: string
}
