import type { FailureStructure } from "@fib/clustering";
import { type Capability, createDefaultRegistry, simCorrectProbability } from "@fib/models";
import type { Item } from "@fib/schemas";

/** For simulated models with planted weaknesses: which weak structures the high-lift regions found. */
export interface PlantedRecovery {
  /** structure ids whose true failure probability (the sims' formula, mean over their items and models) is at least `ratio` × the overall */
  weak: { structure_id: string; failure_probability: number }[];
  overall_failure_probability: number;
  ratio: number;
  /** weak ids that are the majority structure of some high-lift region */
  found: string[];
  /** high-lift regions whose majority structure is weak / all high-lift regions */
  precision: number | null;
  /** weak ids found / weak ids */
  recall: number | null;
}

/**
 * Recovery of planted weaknesses, counted as the question H2 asks of failures (where do the
 * models fail more?), not of templates: a weak structure is one where the simulated models' true
 * failure probability is at least `ratio` (1.5) × their overall one; it is found when a region
 * whose lift CI lies above 1 has it as the majority structure of its failures. Null unless
 * every model is a `sim:` spec (their capability vectors are the truth).
 */
export async function plantedRecovery(specs: readonly string[], evaluated: ReadonlyMap<string, readonly Item[]>, structure: FailureStructure, ratio = 1.5): Promise<PlantedRecovery | null> {
  if (specs.length === 0 || !specs.every((s) => s.startsWith("sim:"))) return null;
  const registry = createDefaultRegistry();
  const caps: Capability[] = [];
  for (const spec of specs) {
    const p = await registry.resolve(spec, { cacheDir: null });
    caps.push((p.describe() as unknown as { capability: Capability }).capability);
  }
  const items = new Map<string, Item>();
  for (const list of evaluated.values()) for (const it of list) items.set(it.id, it);
  const byId = new Map<string, { sum: number; n: number }>();
  let sum = 0;
  let n = 0;
  for (const it of items.values()) {
    if (it.structure_id === undefined) continue;
    for (const cap of caps) {
      const q = 1 - simCorrectProbability(it, cap);
      const c = byId.get(it.structure_id) ?? { sum: 0, n: 0 };
      c.sum += q;
      c.n += 1;
      byId.set(it.structure_id, c);
      sum += q;
      n += 1;
    }
  }
  if (n === 0) return null;
  const overall = sum / n;
  const weak = [...byId]
    .map(([structure_id, c]) => ({ structure_id, failure_probability: c.sum / c.n }))
    .filter((w) => w.failure_probability >= ratio * overall)
    .sort((a, b) => b.failure_probability - a.failure_probability);
  const weakIds = new Set(weak.map((w) => w.structure_id));
  const high = structure.lift.filter((l) => l.high);
  const found = [...new Set(high.map((l) => l.majority_structure_id).filter((s): s is string => s !== null && weakIds.has(s)))].sort();
  return {
    weak,
    overall_failure_probability: overall,
    ratio,
    found,
    precision: high.length ? high.filter((l) => l.majority_structure_id !== null && weakIds.has(l.majority_structure_id)).length / high.length : null,
    recall: weak.length ? found.length / weak.length : null,
  };
}
