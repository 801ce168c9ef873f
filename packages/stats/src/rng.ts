import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

/**
 * A seeded random stream. Every random draw in fib comes from one of these; the
 * engine's global, unseeded generator is never used. The stream mutates in place (pure-rand 8 semantics):
 * use {@link Rng.fork} or {@link deriveSeed} to get an independent child stream.
 */
export interface Rng {
  /** the seed this stream was created from (for provenance) */
  readonly seed: number;
  /** uniform float in [0, 1) with 53 random bits */
  float(): number;
  /** uniform integer in [min, max] (both inclusive) */
  int(min: number, max: number): number;
  /** an independent child stream, keyed by a label; does not advance this stream */
  fork(label: string): Rng;
  /** the underlying pure-rand generator (advanced by every draw) */
  readonly generator: RandomGenerator;
}

const MASK32 = 0xffffffff;

/** 32-bit finaliser from MurmurHash3: a bijection with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Derive an independent 32-bit seed from a parent seed and a label, e.g.
 * `deriveSeed(42, "bootstrap/slice=carb")`. Deterministic, order-sensitive in the
 * label, and different labels give unrelated streams.
 */
export function deriveSeed(seed: number, label: string): number {
  if (!Number.isFinite(seed)) throw new RangeError(`deriveSeed: seed must be a finite number, got ${seed}`);
  // fold the (possibly > 32-bit) integer seed into two words
  const s = Math.trunc(seed);
  let h = fmix32((s & MASK32) ^ 0x9e3779b9);
  h = fmix32(h ^ Math.floor(s / 2 ** 32) ^ 0x7f4a7c15);
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  }
  return fmix32(h ^ label.length);
}

/** Create a seeded RNG stream (xoroshiro128+). With a label, the seed is first derived. */
export function createRng(seed: number, label?: string): Rng {
  const effective = label === undefined ? normaliseSeed(seed) : deriveSeed(seed, label);
  const generator = xoroshiro128plus(effective | 0);
  return {
    seed: effective,
    generator,
    float: () => uniformFloat64(generator),
    int: (min, max) => uniformInt(generator, min, max),
    fork: (childLabel) => createRng(effective, childLabel),
  };
}

function normaliseSeed(seed: number): number {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return seed >= 0 && seed <= MASK32 ? seed >>> 0 : deriveSeed(seed, "");
}
