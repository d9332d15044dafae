/**
 * Deterministic pseudo-randomness: every block is derived from (seed, salt, height) alone, so a
 * block can be regenerated at any time without keeping the chain in memory.
 */

/** Hashes a string into four 32-bit words (cyrb128): cheap, well mixed, not cryptographic. */
export function hashToWords(text: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export interface Random {
  /** A uniform 32-bit unsigned integer. */
  uint32(): number;
  /** A uniform float in [0, 1). */
  float(): number;
  /** A uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks an index with probability proportional to its weight. */
  weighted(weights: readonly number[]): number;
  bytes(length: number): Uint8Array;
  /** Fills `target` with the bytes `bytes(target.length)` would return; returns `target`. */
  fill(target: Uint8Array): Uint8Array;
  /** A uniform bigint in [min, max] (inclusive). */
  bigint(min: bigint, max: bigint): bigint;
}

/** A small fast counter-based generator (sfc32) seeded from a string. */
export function createRandom(seedText: string): Random {
  let [a, b, c, d] = hashToWords(seedText);
  const uint32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) uint32();
  const float = () => uint32() / 4294967296;
  const fill = (out: Uint8Array): Uint8Array => {
    const length = out.length;
    for (let i = 0; i < length; i += 4) {
      const word = uint32();
      out[i] = word & 0xff;
      if (i + 1 < length) out[i + 1] = (word >>> 8) & 0xff;
      if (i + 2 < length) out[i + 2] = (word >>> 16) & 0xff;
      if (i + 3 < length) out[i + 3] = word >>> 24;
    }
    return out;
  };
  const int = (min: number, max: number) => min + Math.floor(float() * (max - min + 1));
  return {
    uint32,
    float,
    int,
    chance: (probability) => float() < probability,
    pick: (items) => items[Math.floor(float() * items.length)],
    weighted(weights) {
      let total = 0;
      for (const w of weights) total += w;
      let roll = float() * total;
      for (let i = 0; i < weights.length; i++) {
        roll -= weights[i];
        if (roll < 0) return i;
      }
      return weights.length - 1;
    },
    bytes: (length) => fill(new Uint8Array(length)),
    fill,
    bigint(min, max) {
      const span = max - min + 1n;
      let value = 0n;
      for (let bits = 0n; (1n << bits) < span * 4096n; bits += 32n) {
        value = (value << 32n) | BigInt(uint32());
      }
      return min + (value % span);
    },
  };
}
