// The result envelope every IPC (and preview-bridge) call answers with. Errors carry a stable
// code for code and a sentence for a person; never a stack, never a secret.

export interface ContractError {
  readonly code: string
  readonly message: string
}

export type Envelope<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ContractError }

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value }
}

export function fail(code: string, message: string): Envelope<never> {
  return { ok: false, error: { code, message } }
}
