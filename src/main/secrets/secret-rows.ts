// The `secrets` table, row by row. Only ciphertext and the wallet's public key pass through here.
import type SqliteDatabase from 'better-sqlite3'
import type { SecretNetwork, SecretStorageKind } from '../../shared/contract/secrets'
import type { SecretName } from './slots'

export interface SecretRow {
  readonly network: SecretNetwork
  readonly name: SecretName
  readonly cipher: SecretStorageKind
  readonly ciphertext: Buffer
  /** The wallet's public key for a seed; null for the API key. */
  readonly publicHint: string | null
  readonly updatedAt: Date
}

interface StoredRow {
  readonly network_id: SecretNetwork
  readonly name: SecretName
  readonly cipher: SecretStorageKind
  readonly ciphertext: Buffer
  readonly public_hint: string | null
  readonly updated_at: bigint
}

const COLUMNS = 'network_id, name, cipher, ciphertext, public_hint, updated_at'

export function readSecretRow(sqlite: SqliteDatabase.Database, network: SecretNetwork, name: SecretName): SecretRow | null {
  const row = sqlite
    .prepare<[string, string], StoredRow>(`SELECT ${COLUMNS} FROM secrets WHERE network_id = ? AND name = ?`)
    .get(network, name)
  return row === undefined ? null : fromStored(row)
}

export function readNetworkRows(sqlite: SqliteDatabase.Database, network: SecretNetwork): SecretRow[] {
  return sqlite
    .prepare<[string], StoredRow>(`SELECT ${COLUMNS} FROM secrets WHERE network_id = ? ORDER BY name`)
    .all(network)
    .map(fromStored)
}

export function writeSecretRow(sqlite: SqliteDatabase.Database, row: SecretRow): void {
  sqlite
    .prepare(
      `INSERT INTO secrets (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (network_id, name) DO UPDATE SET
         cipher = excluded.cipher, ciphertext = excluded.ciphertext,
         public_hint = excluded.public_hint, updated_at = excluded.updated_at`
    )
    .run(row.network, row.name, row.cipher, row.ciphertext, row.publicHint, row.updatedAt.getTime())
}

export function deleteNetworkRows(sqlite: SqliteDatabase.Database, network: SecretNetwork): number {
  return sqlite.prepare('DELETE FROM secrets WHERE network_id = ?').run(network).changes
}

export function countRowsWithCipher(sqlite: SqliteDatabase.Database, cipher: SecretStorageKind): number {
  const count = sqlite.prepare<[string], bigint>('SELECT count(*) FROM secrets WHERE cipher = ?').pluck().get(cipher)
  return Number(count ?? 0n)
}

function fromStored(row: StoredRow): SecretRow {
  return {
    network: row.network_id,
    name: row.name,
    cipher: row.cipher,
    ciphertext: row.ciphertext,
    publicHint: row.public_hint,
    updatedAt: new Date(Number(row.updated_at))
  }
}
