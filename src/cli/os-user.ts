// Who acts on the command line, as the audit log and the export history name them.
import { userInfo } from 'node:os'

/** The actor of the audit log: who ran the command. */
export function osUser(): string {
  try {
    const name = userInfo().username.trim()
    if (name !== '') return name
  } catch {
    // No passwd entry (some containers): fall back to the environment.
  }
  return process.env.USER?.trim() || process.env.USERNAME?.trim() || 'cli'
}
