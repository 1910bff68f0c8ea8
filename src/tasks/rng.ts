// A seeded PRNG for procedural tasks: same (family, seed) → same task on every machine and Node
// version. Math.random is never used: a generated file must be byte-identical for a seed.
import { rng } from '../pipeline/metrics.js';

/** 32-bit FNV-1a of a string: turns (family name, seed, index) into a PRNG seed. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Rng {
  /** mulberry32 (the pipeline's rng): a uniform 32-bit value in [0, 1) */
  readonly next: () => number;
  constructor(seed: number | string) {
    this.next = rng(typeof seed === 'string' ? hash32(seed) : seed >>> 0);
  }

  /** an integer in [lo, hi] (inclusive) */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)];
  }

  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }

  /** a word of `n` characters from `alphabet` */
  word(n: number, alphabet = 'abcdefghijklmnopqrstuvwxyz'): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(0, alphabet.length - 1)];
    return s;
  }

  ints(n: number, lo: number, hi: number): number[] {
    return Array.from({ length: n }, () => this.int(lo, hi));
  }
}
