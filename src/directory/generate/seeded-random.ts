/**
 * Seeded randomness for the feed generator. Every value of a delivery is derived from
 * (seed, domain, index) so any record can be regenerated from its index alone: nothing about
 * a million pupils has to be kept in memory, and the same seed always gives the same bytes.
 */

/** 32-bit FNV-1a of a string: turns the seed and domain names into integers. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A strong 32-bit integer finaliser (murmur3 fmix32), so neighbouring indices look unrelated. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) for (seed, domain, index), without allocating a generator. */
export function unitHash(seedHash: number, domainHash: number, index: number): number {
  return mix32(mix32(seedHash ^ domainHash) + Math.imul(index, 0x9e3779b1)) / 0x1_0000_0000;
}

/** sfc32: small, fast and good enough for test data; seeded from (seed, domain, index). */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seedHash: number, domainHash: number, index: number) {
    this.a = mix32(seedHash ^ 0x9e3779b9);
    this.b = mix32(domainHash + 0x7f4a7c15);
    this.c = mix32(index + 0x632be5ab);
    this.d = 1;
    // A few rounds so that seeds differing in one bit diverge at once.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
}
