// Signature checks with Node's native ed25519: stellar-base's pure-JS verify costs milliseconds,
// which would make the simulator the slowest part of every test that submits.
import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import { StrKey, type xdr } from '@stellar/stellar-sdk'

const keyCache = new Map<string, KeyObject>()
const KEY_CACHE_LIMIT = 10_000

function publicKeyOf(address: string): { raw: Buffer; key: KeyObject } {
  const raw = StrKey.decodeEd25519PublicKey(address)
  let key = keyCache.get(address)
  if (key === undefined) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' })
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear()
    keyCache.set(address, key)
  }
  return { raw, key }
}

/**
 * Whether `address` signed `hash` among `signatures`; marks every signature it matched in `used`
 * (Stellar rejects a transaction carrying signatures nobody needed: tx_bad_auth_extra).
 */
export function signedBy(address: string, hash: Buffer, signatures: readonly xdr.DecoratedSignature[], used: boolean[]): boolean {
  const { raw, key } = publicKeyOf(address)
  const hint = raw.subarray(28)
  let found = false
  signatures.forEach((signature, i) => {
    if (!signature.hint().equals(hint)) return
    const bytes = signature.signature()
    if (bytes.length === 64 && verify(null, hash, key, bytes)) {
      used[i] = true
      found = true
    }
  })
  return found
}
