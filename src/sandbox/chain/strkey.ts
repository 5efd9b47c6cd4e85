// Account-address check (G... strkey: base32 of version byte, 32-byte key, CRC16-XModem), done
// here because stellar-base's decoder takes tens of microseconds per call through a deprecated
// Buffer path, which a bulk import of 100k buyers would feel.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const VALUES = new Int8Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i
const ACCOUNT_VERSION_BYTE = 6 << 3

export function isAccountAddress(address: string): boolean {
  return accountKeyBytes(address) !== undefined
}

/** The 32-byte ed25519 key of a G-address, or undefined if it is not one. */
export function accountKeyBytes(address: string): Uint8Array | undefined {
  if (address.length !== 56) return undefined
  const bytes = new Uint8Array(35)
  let buffer = 0
  let bits = 0
  let at = 0
  for (let i = 0; i < 56; i++) {
    const value = VALUES[address.charCodeAt(i)] ?? -1
    if (value < 0) return undefined
    buffer = ((buffer << 5) | value) & 0xffff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      bytes[at++] = (buffer >> bits) & 0xff
    }
  }
  // 56 x 5 = 280 bits = 35 bytes exactly: no padding bits to check.
  if (bytes[0] !== ACCOUNT_VERSION_BYTE) return undefined
  const checksum = crc16xmodem(bytes, 33)
  if (bytes[33] !== (checksum & 0xff) || bytes[34] !== checksum >> 8) return undefined
  return bytes.subarray(1, 33)
}

function crc16xmodem(bytes: Uint8Array, length: number): number {
  let crc = 0
  for (let i = 0; i < length; i++) {
    crc ^= (bytes[i] ?? 0) << 8
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc
}
