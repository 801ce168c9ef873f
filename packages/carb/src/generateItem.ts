import { FibError, type Item } from "@fib/schemas";
import { createRng } from "@fib/stats";
import { draftItem } from "./generateCarb.js";
import { type CarbType, DEPTH_LIMITS, MAX_DISTRACTORS, MAX_OPERATORS, resolveCarbOptions } from "./options.js";

/** The design of one item: what a generator conditioned on a failure profile asks for. */
export interface CarbItemSpec {
  id: string;
  type: CarbType;
  depth: number;
  /** for distractor items (clamped to 1..10; ignored by other types) */
  distractors?: number;
  /** for logic cores: the operator-kind count wanted (1..4); relaxed to any if infeasible */
  operators?: number;
  y: 0 | 1;
  seed: number;
  /** texts the item must not repeat, compared through `avoidKey` when given (e.g. `textKey`: same words in any order) */
  avoid?: ReadonlySet<string>;
  avoidKey?: (text: string) => string;
  meta?: Record<string, unknown>;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

/**
 * One CARB item of a given design and label, e.g. for a generator that samples designs from
 * a failure profile. The depth is clamped to the type's feasible range; when the operator
 * count cannot be met at that depth, or every text drawn collides with `avoid`, it is relaxed,
 * then the depth is raised step by step, then lowered to the minimum; if still no new text can
 * be drawn, a CONFIG_INVALID error says so. Deterministic in `seed`.
 */
export function generateCarbItem(spec: CarbItemSpec): Item {
  const [dlo, dhi] = DEPTH_LIMITS[spec.type];
  const depth = clamp(spec.depth, dlo, dhi);
  const k = clamp(spec.distractors ?? 1, 1, MAX_DISTRACTORS);
  const ops = clamp(spec.operators ?? 2, 1, MAX_OPERATORS);
  // the design asked for, then relaxed: any operator count, then deeper (a small design space can be exhausted by `avoid`), then the shallowest
  const attempts: [number, number, number][] = [
    [depth, ops, ops],
    [depth, 1, MAX_OPERATORS],
    ...Array.from({ length: dhi - depth }, (_, i) => [depth + 1 + i, 1, MAX_OPERATORS] as [number, number, number]),
    [dlo, 1, MAX_OPERATORS],
  ];
  const rng = createRng(spec.seed, "carb/item");
  for (const [d, olo, ohi] of attempts) {
    const o = resolveCarbOptions({ n: 1, seed: spec.seed, depth: [d, Math.max(d, dlo)], distractors: [k, k], operators: [olo, ohi], typeMix: { [spec.type]: 1 } });
    for (let t = 0; t < 50; t++) {
      const draft = draftItem(spec.type, spec.y, o, rng);
      if (draft === null || spec.avoid?.has(spec.avoidKey ? spec.avoidKey(draft.x) : draft.x)) continue;
      return {
        id: spec.id,
        x: draft.x,
        y: draft.y,
        type: draft.type,
        depth: draft.depth,
        distractor_count: draft.distractor_count,
        operator_count: draft.operator_count,
        structure_id: draft.structure_id,
        meta: { ...(spec.meta ?? {}), design: draft.design },
      };
    }
  }
  throw new FibError("CONFIG_INVALID", `could not draw a new ${spec.type} item of depth ${depth} (all candidates repeat an existing text)`, { field: "depth" });
}
