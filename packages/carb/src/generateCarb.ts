import { FibError, type Item } from "@fib/schemas";
import { createRng, type Rng, shuffleInPlace } from "@fib/stats";
import { compositional } from "./_internal/compositional.js";
import { counterfactual } from "./_internal/counterfactual.js";
import type { Draft } from "./_internal/draft.js";
import { distractor } from "./_internal/distractor.js";
import { logicMix } from "./_internal/logicMix.js";
import { CARB_TYPES, type CarbOptions, type CarbType, DEPTH_LIMITS, type ResolvedCarbOptions, resolveCarbOptions } from "./options.js";

/** Bumped whenever the same options would produce different items. */
export const CARB_VERSION = "1.0.0";

const MAX_ATTEMPTS = 50;

/** Split `n` by weights with the largest-remainder method: exact, deterministic counts. */
export function apportion(n: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (n * w) / total);
  const counts = raw.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}

/** The type and target label of every slot: exact type counts, exact label balance per type. */
function plan(o: ResolvedCarbOptions, rng: Rng): { type: CarbType; y: 0 | 1 }[] {
  const counts = apportion(
    o.n,
    CARB_TYPES.map((t) => o.typeMix[t]),
  );
  const slots: { type: CarbType; y: 0 | 1 }[] = [];
  CARB_TYPES.forEach((type, ti) => {
    const c = counts[ti] as number;
    const ones = Math.round(c * o.labelBalance);
    for (let i = 0; i < c; i++) slots.push({ type, y: i < ones ? 1 : 0 });
  });
  return shuffleInPlace(slots, rng);
}

/** Draw one item draft of a type and label under resolved options (null when the logic core cannot meet them). */
export function draftItem(type: CarbType, y: 0 | 1, o: ResolvedCarbOptions, rng: Rng): Draft | null {
  const [lo, hi] = DEPTH_LIMITS[type];
  const depth = rng.int(Math.max(lo, o.depth[0]), Math.min(hi, o.depth[1]));
  switch (type) {
    case "compositional":
      return compositional(depth, y, o.shufflePremises, rng);
    case "logic_mix":
      return logicMix(depth, y, o.operators, rng);
    case "counterfactual":
      return counterfactual(depth, y, o.shufflePremises, rng);
    case "distractor":
      return distractor(depth, rng.int(o.distractors[0], o.distractors[1]), y, o.operators, o.shufflePremises, rng);
  }
}

/**
 * Generate CARB items lazily. Deterministic: the same options give the same items in the
 * same order. No two items share `x`; if the options leave too few distinct items, a
 * CONFIG_INVALID error says which type ran out.
 */
export function* iterateCarb(options: CarbOptions): Generator<Item> {
  const o = resolveCarbOptions(options);
  const rng = createRng(o.seed, `carb/${CARB_VERSION}`);
  const seen = new Set<string>();
  const slots = plan(o, rng);
  const width = String(Math.max(o.n - 1, 0)).length;
  for (let index = 0; index < slots.length; index++) {
    const { type, y } = slots[index] as { type: CarbType; y: 0 | 1 };
    let d: Draft | null = null;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && d === null; attempt++) {
      const cand = draftItem(type, y, o, rng);
      if (cand !== null && !seen.has(cand.x)) d = cand;
    }
    if (d === null) {
      throw new FibError(
        "CONFIG_INVALID",
        `could not draw a new distinct ${type} item with label ${y} after ${MAX_ATTEMPTS} attempts (item ${index + 1} of ${o.n}): widen the depth, distractor or operator ranges, or lower n`,
        { field: "n" },
      );
    }
    seen.add(d.x);
    yield {
      id: `${o.idPrefix}_${o.seed}_${String(index).padStart(width, "0")}`,
      x: d.x,
      y: d.y,
      type: d.type,
      depth: d.depth,
      distractor_count: d.distractor_count,
      operator_count: d.operator_count,
      structure_id: d.structure_id,
      meta: { generator: "carb", carb_version: CARB_VERSION, seed: o.seed, index, design: d.design },
    };
  }
}

/** Generate CARB items into an array. See {@link iterateCarb}. */
export function generateCarb(options: CarbOptions): Item[] {
  return Array.from(iterateCarb(options));
}
