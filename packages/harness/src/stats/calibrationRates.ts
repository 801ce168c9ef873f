import type { EvalRecord, Item } from "@fib/schemas";
import { clopperPearson, extent } from "@fib/stats";
import type { RateEstimate } from "../experiments/harnessTypes.js";

/** Calibration's pure statistics: the observed difficulty its populations are simulated from, rates with their intervals, the label rule and the sequential stop. */

/**
 * How finely calibration models the difficulty of an item no model answered (a generated one):
 * "design", its type × depth cell's mean; "structure", its type × depth × structure_id cell's (the
 * latent schema the item was generated from, never shown to the generator), shrunk toward the
 * type × depth mean by {@link STRUCTURE_SHRINK} items' weight. With "design" every generated item of a
 * cell is alike to a model, so a generator can gain only by moving budget between cells; with
 * "structure", models can differ in *what* they fail inside a cell, as the zoo's do.
 */
export type DifficultyGranularity = "design" | "structure";
export const DIFFICULTY_GRANULARITIES: readonly DifficultyGranularity[] = ["design", "structure"];

/** The weight, in items, of a structure cell's prior (its type × depth mean): a cell of n items moves n / (n + 5) of the way to its own mean. */
export const STRUCTURE_SHRINK = 5;

/** The probability of a correct answer per item: observed where the run saw the item, else by structure cell (if modelled), design cell, type, overall. */
export interface DifficultyModel {
  observed: Map<string, number>;
  /** type × depth × structure_id cells, shrunk toward byDesign (empty with "design") */
  byStructure: Map<string, number>;
  byDesign: Map<string, number>;
  byType: Map<string, number>;
  overall: number;
  granularity: DifficultyGranularity;
}

const designKey = (it: Item) => `${it.type}/${it.depth}`;
const structureKey = (it: Item) => (it.structure_id === undefined ? null : `${it.type}\u0000${it.depth}\u0000${it.structure_id}`);

/** Per-item difficulty from records: the share of models right on each item, with cell and type means for unseen items (see {@link DifficultyGranularity}). */
export function difficultyModel(items: readonly Item[], records: readonly EvalRecord[], granularity: DifficultyGranularity = "design"): DifficultyModel {
  const right = new Map<string, [number, number]>();
  for (const r of records) {
    const c = right.get(r.item_id) ?? [0, 0];
    c[0] += r.correct ? 1 : 0;
    c[1] += 1;
    right.set(r.item_id, c);
  }
  const observed = new Map<string, number>();
  const structures = new Map<string, [number, number]>();
  const parentOf = new Map<string, string>();
  const cells = new Map<string, [number, number]>();
  const types = new Map<string, [number, number]>();
  const add = (m: Map<string, [number, number]>, k: string, q: number) => {
    const a = m.get(k) ?? [0, 0];
    a[0] += q;
    a[1] += 1;
    m.set(k, a);
  };
  let sum = 0;
  for (const it of items) {
    const c = right.get(it.id);
    if (!c || c[1] === 0) continue;
    const q = c[0] / c[1];
    observed.set(it.id, q);
    sum += q;
    add(cells, designKey(it), q);
    add(types, it.type, q);
    const sk = granularity === "structure" ? structureKey(it) : null;
    if (sk !== null) {
      add(structures, sk, q);
      parentOf.set(sk, designKey(it));
    }
  }
  const means = (m: Map<string, [number, number]>) => new Map([...m].map(([k, [s, n]]) => [k, s / n]));
  const byDesign = means(cells);
  const byStructure = new Map(
    [...structures].map(([k, [s, n]]) => {
      const prior = byDesign.get(parentOf.get(k) as string) as number;
      return [k, (s + STRUCTURE_SHRINK * prior) / (n + STRUCTURE_SHRINK)];
    }),
  );
  return { observed, byStructure, byDesign, byType: means(types), overall: observed.size ? sum / observed.size : 0.5, granularity };
}

export function probabilityOf(d: DifficultyModel, it: Item): number {
  const sk = d.byStructure.size > 0 ? structureKey(it) : null;
  return d.observed.get(it.id) ?? (sk === null ? undefined : d.byStructure.get(sk)) ?? d.byDesign.get(designKey(it)) ?? d.byType.get(it.type) ?? d.overall;
}

/** A count of verdicts over replications with its Clopper–Pearson interval (0 of 0: rate NaN, interval [0, 1]). */
export function rateEstimate(hits: number, reps: number): RateEstimate {
  if (reps === 0) return { supported: 0, reps: 0, rate: Number.NaN, lo: 0, hi: 1 };
  const ci = clopperPearson(hits, reps);
  return { supported: hits, reps, rate: hits / reps, lo: ci.lo, hi: ci.hi };
}

/** The false-positive interval's upper bound a verdict label needs: above it the replications are too few to call a configuration calibrated. */
export const MAX_FP_UPPER = 0.1;

/**
 * Replications at which a false-positive rate like the observed one would have a Clopper–Pearson
 * upper bound ≤ {@link MAX_FP_UPPER}; null when the observed rate is too close to it for any count.
 */
export function repsNeeded(hits: number, reps: number, max = MAX_FP_UPPER): number | null {
  if (reps === 0) return null;
  const r = hits / reps;
  if (r >= max * 0.9) return null;
  for (let n = reps; n <= 20_000; n = Math.ceil(n * 1.1) + 1) {
    if (clopperPearson(Math.round(r * n), n).hi <= max) return n;
  }
  return null;
}

/**
 * The label rule shared by every calibration: "too liberal" when a false-positive interval lies
 * above the stated 5 %, "calibrated" only when every interval's upper bound is ≤ {@link MAX_FP_UPPER},
 * else "not enough replications" with about how many would do (null: none would at the rate seen).
 */
export function calibrationLabel(nulls: readonly (readonly [string, RateEstimate])[]): {
  verdict: "calibrated" | "too liberal" | "not enough replications";
  reps_needed: number | null;
  liberal: string[];
  wide: string[];
} {
  const liberal = nulls.filter(([, r]) => r.lo > 0.05);
  const wide = nulls.filter(([, r]) => r.hi > MAX_FP_UPPER);
  const needed = wide.map(([, r]) => repsNeeded(r.supported, r.reps));
  const reps_needed = wide.length === 0 || needed.some((n) => n === null) ? null : extent(needed as number[]).max;
  const verdict = liberal.length ? "too liberal" : wide.length || nulls.length === 0 ? "not enough replications" : "calibrated";
  return { verdict, reps_needed, liberal: liberal.map(([n]) => n), wide: wide.map(([n]) => n) };
}

/**
 * The label of the credited H1 alone — the headline verdict, "the failures contributed" — from the two
 * nulls that bear on it: equal capability, and the failure-blind generator's credited H1. The
 * uncredited "induced vs static" (decided either way in the failure-blind null) and H2's null are left
 * out: a generator that selects typical items changes separation with or without the failures, which
 * is real and is what the credit removes, so it can make the whole configuration too liberal while the
 * credited verdict keeps its size. Null when neither null ran.
 */
export function creditedLabel(equalCapability: RateEstimate, blindCredited: RateEstimate): "calibrated" | "too liberal" | "not enough replications" | null {
  const nulls = (
    [
      ["equal capability", equalCapability],
      ["failure-blind generator (credited H1)", blindCredited],
    ] as [string, RateEstimate][]
  ).filter(([, r]) => r.reps > 0);
  return nulls.length ? calibrationLabel(nulls).verdict : null;
}

/** Replications a population runs at least before a sequential stop. */
export const MIN_ADAPTIVE_REPS = 10;
/** The power a sequential stop decides against. */
export const POWER_TARGET = 0.8;

/**
 * Sequential Clopper–Pearson: whether `hits` of `reps` already decides the question the population asks — a
 * null's false-positive rate (its upper bound ≤ {@link MAX_FP_UPPER}: calibrated; its lower bound above the
 * stated 5 %: too liberal), or a power (its lower bound ≥ {@link POWER_TARGET}, or its upper bound below it).
 * The intervals are then read as if the count had been fixed in advance, which optional stopping makes
 * slightly optimistic.
 */
export function decidedAt(kind: "null" | "power", hits: number, reps: number): boolean {
  if (reps < MIN_ADAPTIVE_REPS) return false;
  const ci = clopperPearson(hits, reps);
  return kind === "null" ? ci.hi <= MAX_FP_UPPER || ci.lo > 0.05 : ci.lo >= POWER_TARGET || ci.hi < POWER_TARGET;
}

/**
 * Where a population with the sequential stop will likely stop, for an ETA: the first count from
 * `reps` on at which {@link decidedAt} holds if the rate seen so far goes on (at most `max`).
 */
export function expectedStop(kind: "null" | "power", hits: number, reps: number, max: number): number {
  const rate = reps > 0 ? hits / reps : 0;
  for (let n = Math.max(reps, MIN_ADAPTIVE_REPS); n < max; n++) if (decidedAt(kind, Math.round(rate * n), n)) return n;
  return max;
}
