// Invariant: with the OS keychain, what reaches the database is only what the operating system's
// encryption returned; Linux's `basic_text` backend (a hard-coded key, no protection at all) counts
// as "no secure storage", as in Signal Desktop, and the passphrase vault is used instead.
//
// safeStorage has no associated data, so the slot's name travels inside the plaintext and is
// checked on the way out: a ciphertext copied into another slot is refused, as with the vault.

/** What the app needs from Electron's `safeStorage` (which satisfies it); injected, never imported here. */
export interface OsEncryption {
  isEncryptionAvailable(): boolean
  /** Linux only: 'basic_text', 'gnome_libsecret', 'kwallet', ... */
  getSelectedStorageBackend?(): string
  encryptString(plain: string): Buffer
  decryptString(cipher: Buffer): string
}

/** True when the OS keychain really protects what it stores. */
export function osKeychainUsable(os: OsEncryption | null | undefined): os is OsEncryption {
  if (!os) return false
  try {
    if (!os.isEncryptionAvailable()) return false
  } catch {
    return false
  }
  try {
    return os.getSelectedStorageBackend?.() !== 'basic_text'
  } catch {
    // Only Linux has the notion of a backend; elsewhere "available" is the whole answer.
    return true
  }
}

const SEPARATOR = '\n'

export function sealWithOs(os: OsEncryption, plaintext: string, slot: string): Buffer {
  return os.encryptString(`${slot}${SEPARATOR}${plaintext}`)
}

/** The plaintext, or null when the keychain cannot open it or it was sealed for another slot. */
export function openWithOs(os: OsEncryption, sealed: Buffer, slot: string): string | null {
  let text: string
  try {
    text = os.decryptString(sealed)
  } catch {
    return null
  }
  const prefix = `${slot}${SEPARATOR}`
  return text.startsWith(prefix) ? text.slice(prefix.length) : null
}
