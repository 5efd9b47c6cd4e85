// The `secrets` table, row by row. Only ciphertext and the wallet's public key pass through here.
import type { Selectable } from 'kysely'
import type { MerchantDb, SecretsTable } from '../db'
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

type SecretsDb = Pick<MerchantDb, 'db'>

const COLUMNS = ['network_id', 'name', 'cipher', 'ciphertext', 'public_hint', 'updated_at'] as const

export async function readSecretRow(store: SecretsDb, network: SecretNetwork, name: SecretName): Promise<SecretRow | null> {
  const row = await store.db
    .selectFrom('secrets')
    .select(COLUMNS)
    .where('network_id', '=', network)
    .where('name', '=', name)
    .executeTakeFirst()
  return row === undefined ? null : fromStored(row)
}

export async function readNetworkRows(store: SecretsDb, network: SecretNetwork): Promise<SecretRow[]> {
  const rows = await store.db.selectFrom('secrets').select(COLUMNS).where('network_id', '=', network).orderBy('name').execute()
  return rows.map(fromStored)
}

export async function writeSecretRow(store: SecretsDb, row: SecretRow): Promise<void> {
  await store.db
    .insertInto('secrets')
    .values({
      network_id: row.network,
      name: row.name,
      cipher: row.cipher,
      ciphertext: row.ciphertext,
      public_hint: row.publicHint,
      updated_at: row.updatedAt.getTime()
    })
    .onConflict((conflict) =>
      conflict.columns(['network_id', 'name']).doUpdateSet((eb) => ({
        cipher: eb.ref('excluded.cipher'),
        ciphertext: eb.ref('excluded.ciphertext'),
        public_hint: eb.ref('excluded.public_hint'),
        updated_at: eb.ref('excluded.updated_at')
      }))
    )
    .execute()
}

export async function deleteNetworkRows(store: SecretsDb, network: SecretNetwork): Promise<number> {
  const result = await store.db.deleteFrom('secrets').where('network_id', '=', network).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function countRowsWithCipher(store: SecretsDb, cipher: SecretStorageKind): Promise<number> {
  const row = await store.db
    .selectFrom('secrets')
    .select((eb) => eb.fn.countAll<bigint>().as('count'))
    .where('cipher', '=', cipher)
    .executeTakeFirst()
  return Number(row?.count ?? 0n)
}

function fromStored(row: Pick<Selectable<SecretsTable>, (typeof COLUMNS)[number]>): SecretRow {
  return {
    network: row.network_id,
    name: row.name,
    cipher: row.cipher,
    ciphertext: row.ciphertext,
    publicHint: row.public_hint,
    updatedAt: new Date(Number(row.updated_at))
  }
}
