// A small seeded PRNG (sfc32, seeded through splitmix32) so a dataset is a pure function of its
// seed: same seed, same bytes. Never mixed with Math.random or crypto randomness.

export interface Prng {
  /** Uniform 32-bit unsigned integer. */
  uint32(): number
  /** Uniform in [0, 1). */
  float(): number
  /** Uniform integer in [0, bound). */
  int(bound: number): number
  chance(probability: number): boolean
  pick<T>(items: readonly T[]): T
  bytes(length: number): Uint8Array
  /** 64 lowercase hex characters (a transaction hash). */
  hex64(): string
  /** `length` base62 characters (a Pi payment identifier is 28 of them). */
  base62(length: number): string
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

const BASE62 = Buffer.from('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 'latin1')

/** FNV-1a of a stream label: independent streams from one seed. */
function labelHash(label: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193) >>> 0
  return hash
}

/**
 * @param stream names an independent sequence for the same seed (the sandbox draws its own keys
 *   from one stream and the dataset from the default one, so they never coincide).
 */
export function createPrng(seed: number, stream = ''): Prng {
  if (!Number.isSafeInteger(seed)) throw new Error(`A dataset seed must be an integer, got ${seed}.`)
  // Fold the high bits in so seeds beyond 2^32 still differ.
  const mix = splitmix32((seed >>> 0) ^ Math.floor(seed / 0x1_0000_0000))
  const salt = stream === '' ? 0 : labelHash(stream)
  // State in a typed array: 32-bit values kept in closure variables would be boxed on every step.
  const s = new Uint32Array([mix() ^ salt, mix(), mix() ^ Math.imul(salt, 0x9e3779b1), mix()])
  const uint32 = (): number => {
    const a = s[0] as number
    const b = s[1] as number
    const c = s[2] as number
    const d = s[3] as number
    const t = (a + b + d) >>> 0
    s[3] = d + 1
    s[0] = b ^ (b >>> 9)
    s[1] = c + (c << 3)
    s[2] = ((c << 21) | (c >>> 11)) + t
    return t
  }
  for (let i = 0; i < 12; i++) uint32()
  const hashBytes = Buffer.alloc(32)
  const float = (): number => uint32() / 0x1_0000_0000
  const int = (bound: number): number => Math.floor(float() * bound)
  return {
    uint32,
    float,
    int,
    chance: (probability) => float() < probability,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('Cannot pick from an empty list.')
      return items[int(items.length)] as T
    },
    bytes: (length) => {
      const out = new Uint8Array(length)
      for (let i = 0; i < length; i++) out[i] = uint32() & 0xff
      return out
    },
    hex64: () => {
      // Through a Buffer: the result is one flat string, not a tree of 32 concatenations that
      // would cost a kilobyte per transaction hash kept.
      for (let i = 0; i < 32; i += 4) hashBytes.writeUInt32BE(uint32(), i)
      return hashBytes.toString('hex')
    },
    base62: (length) => {
      const out = Buffer.allocUnsafe(length)
      let n = 0
      while (n < length) {
        // 62^5 < 2^32: five digits per draw, with a bias far below anything a test could see.
        let v = uint32()
        for (let k = 0; k < 5 && n < length; k++) {
          out[n++] = BASE62[v % 62] as number
          v = Math.floor(v / 62)
        }
      }
      return out.toString('latin1')
    }
  }
}
