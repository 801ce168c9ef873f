import type { Item } from "@fib/schemas";
import { deriveSeed } from "@fib/stats";
import { cuesOf } from "./_internal/cues.js";
import { type Predictor, ruleBasedPredictor } from "./predictor.js";

/**
 * A simulated model's capability vector. The probability that it answers an item
 * correctly is
 *
 *   z        = skill
 *              − depth_slope · max(0, depth − max_depth)
 *              − distractor_sensitivity · distractor_count
 *              − negation_weakness · [text has a negation]
 *              − quantifier_weakness · [text has a quantifier]
 *              − converse_weakness · [question asks with a converse comparative]
 *   p_reason = 0.5 + 0.5 · sigmoid(z)                       (a weak reasoner falls to chance, not below)
 *   trap     = [text makes a supposition] · (1 − exp(−counterfactual_weakness / 2))
 *   p        = (1 − trap) · p_reason
 *
 * A trapped model answers from world knowledge, which a counterfactual override makes
 * wrong: that weakness can push accuracy below chance, as it does for real models. The
 * formula reads the item's design metadata (depth, distractor_count) and cues off its text —
 * never `structure_id`. Whether it is correct on an item is decided by deterministic noise
 * u(model, item, seed) ∈ [0, 1): correct iff u < p.
 */
export interface Capability {
  skill: number;
  max_depth: number;
  depth_slope: number;
  distractor_sensitivity: number;
  negation_weakness: number;
  quantifier_weakness: number;
  counterfactual_weakness: number;
  converse_weakness: number;
}

/** skill 3 and no weakness at all: the base every preset and sim:custom starts from */
const NO_WEAKNESS: Capability = {
  skill: 3,
  max_depth: 12,
  depth_slope: 0,
  distractor_sensitivity: 0,
  negation_weakness: 0,
  quantifier_weakness: 0,
  counterfactual_weakness: 0,
  converse_weakness: 0,
};

/** Preset populations; docs/models.md says which failure structure each should produce. */
export const SIM_PRESETS: Record<string, Capability> = {
  novice: { skill: 1, max_depth: 2, depth_slope: 0.8, distractor_sensitivity: 0.6, negation_weakness: 1.5, quantifier_weakness: 1, counterfactual_weakness: 1.5, converse_weakness: 1.5 },
  intermediate: { skill: 2.5, max_depth: 3, depth_slope: 0.7, distractor_sensitivity: 0.5, negation_weakness: 1.2, quantifier_weakness: 0.6, counterfactual_weakness: 0.8, converse_weakness: 0.8 },
  expert: { skill: 5, max_depth: 6, depth_slope: 0.8, distractor_sensitivity: 0.2, negation_weakness: 0.6, quantifier_weakness: 0.3, counterfactual_weakness: 0.1, converse_weakness: 0.2 },
  shallow: { ...NO_WEAKNESS, skill: 5, max_depth: 2, depth_slope: 2.5 },
  distractible: { ...NO_WEAKNESS, skill: 5, distractor_sensitivity: 2.5 },
  "negation-blind": { ...NO_WEAKNESS, skill: 5, negation_weakness: 8 },
  literalist: { ...NO_WEAKNESS, skill: 5, counterfactual_weakness: 8 },
  "converse-blind": { ...NO_WEAKNESS, skill: 5, converse_weakness: 8 },
};

export const SIM_PRESET_NAMES = Object.keys(SIM_PRESETS);

export function simCorrectProbability(item: Item, cap: Capability): number {
  const c = cuesOf(item.x);
  const z =
    cap.skill -
    cap.depth_slope * Math.max(0, item.depth - cap.max_depth) -
    cap.distractor_sensitivity * item.distractor_count -
    cap.negation_weakness * Number(c.negation) -
    cap.quantifier_weakness * Number(c.quantifier) -
    cap.converse_weakness * Number(c.converse);
  const pReason = 0.5 + 0.5 / (1 + Math.exp(-z));
  const trap = c.supposition ? 1 - Math.exp(-cap.counterfactual_weakness / 2) : 0;
  return (1 - trap) * pReason;
}

/** A simulated model with a capability vector; `seed` selects an independent noise draw (a "trial"). */
export function simPredictor(id: string, capability: Partial<Capability>, seed = 0, preset?: string): Predictor {
  const cap: Capability = { ...NO_WEAKNESS, ...capability };
  return ruleBasedPredictor(
    id,
    () => ({ id, kind: "sim", ...(preset ? { preset } : {}), seed, capability: cap }),
    (item) => {
      const p = simCorrectProbability(item, cap);
      const u = deriveSeed(seed, `${id}::${item.id}`) / 2 ** 32;
      const correct = u < p;
      return { answer: (correct ? item.y : 1 - item.y) as 0 | 1 };
    },
  );
}
