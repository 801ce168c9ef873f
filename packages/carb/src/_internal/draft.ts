import type { Rng } from "@fib/stats";
import type { CarbType } from "../options.js";

/** An item before it gets its id: what a type builder returns. */
export interface Draft {
  type: CarbType;
  structure_id: string;
  x: string;
  y: 0 | 1;
  depth: number;
  distractor_count: number;
  operator_count: number;
  design: Record<string, unknown>;
}

export function pick<T>(xs: readonly T[], rng: Rng): T {
  return xs[rng.int(0, xs.length - 1)] as T;
}

/** `k` distinct elements in random order. */
export function pickDistinct<T>(xs: readonly T[], k: number, rng: Rng): T[] {
  const pool = xs.slice();
  const out: T[] = [];
  for (let i = 0; i < k && pool.length > 0; i++) out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0] as T);
  return out;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "a feather", "an apple" */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
}

/** Insert `extra` sentences at random positions among `core` (order of each list kept). */
export function interleave(core: readonly string[], extra: readonly string[], rng: Rng): string[] {
  const out = core.slice();
  for (const s of extra) out.splice(rng.int(0, out.length), 0, s);
  return out;
}
