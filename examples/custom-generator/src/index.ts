/**
 * An example G plugin: "frontier" sends every failure cluster to the edge of what failed —
 * the deepest depth seen in the cluster plus one, and one more distractor — and splits the
 * budget by cluster size weighted by how much the models disagree there (1 + disagreement).
 *
 *   pnpm fib iterate --generator ./examples/custom-generator --rounds 3
 */
import { apportion, CARB_TYPES, type CarbType, generateCarbItem } from "@fib/carb";
import { defineGenerator } from "@fib/induce";
import { type ClusterProfile, type Item, textKey } from "@fib/schemas";
import { createRng, deriveSeed } from "@fib/stats";

const maxKey = (h: Readonly<Record<string, number>>, fallback: number) => {
  let best = -Infinity;
  for (const [k, c] of Object.entries(h)) if (c > 0 && Number(k) > best) best = Number(k);
  return best === -Infinity ? fallback : best;
};

/** With no failure clusters (every model answered everything), push one uniform design to the frontier instead. */
const UNIFORM: ClusterProfile = {
  cluster_id: 0,
  size: 1,
  share: 1,
  type_distribution: Object.fromEntries(CARB_TYPES.map((t) => [t, 1 / CARB_TYPES.length])),
  depth: { mean: 3, min: 1, max: 5 },
  distractor_count: { mean: 1, min: 0, max: 2 },
  operator_count: { mean: 2, min: 1, max: 3 },
  depth_histogram: { "5": 1 },
  distractor_histogram: { "2": 1 },
  operator_histogram: { "3": 1 },
  models: [],
  disagreement: 0,
  distinctive_terms: [],
  exemplar_failure_ids: [],
  description: "no failures: a uniform design",
};

export const frontier = defineGenerator({
  name: "frontier",
  version: "0.1.0",
  describe: () => ({ name: "frontier", version: "0.1.0", rule: "max depth in cluster + 1, max distractors + 1, budget ∝ size × (1 + disagreement)" }),
  generate(profiles: readonly ClusterProfile[], ctx): Item[] {
    if (ctx.budget === 0) return [];
    const found = profiles.filter((p) => p.size > 0);
    const clusters = found.length > 0 ? found : [UNIFORM];
    // ids must be new: skip any the context excludes
    const nextId = (prefix: string) => {
      let id = `${prefix}${serial++}`;
      while (taken.has(id)) id = `${prefix}${serial++}`;
      return id;
    };
    const counts = apportion(
      ctx.budget,
      clusters.map((p) => p.size * (1 + p.disagreement)),
    );
    const rng = createRng(deriveSeed(ctx.seed, `frontier/round=${ctx.round}`));
    // the harness refuses a text that repeats an excluded one, or its words in another order: compare by textKey
    const avoid = new Set([...(ctx.exclude?.texts ?? [])].map(textKey));
    const taken = new Set(ctx.exclude?.ids ?? []);
    let serial = 0;
    const out: Item[] = [];
    clusters.forEach((p, c) => {
      const types = Object.keys(p.type_distribution).filter((t): t is CarbType => (CARB_TYPES as readonly string[]).includes(t));
      for (let i = 0; i < (counts[c] as number); i++) {
        const type = types[i % Math.max(1, types.length)] ?? "compositional";
        const item = generateCarbItem({
          id: nextId(`frontier_r${ctx.round}_c${p.cluster_id}_`),
          type,
          depth: maxKey(p.depth_histogram, 2) + 1,
          distractors: maxKey(p.distractor_histogram, 1) + 1,
          operators: maxKey(p.operator_histogram, 2),
          y: (out.length % 2) as 0 | 1,
          seed: rng.int(0, 0x7fffffff),
          avoid,
          avoidKey: textKey,
          meta: { lineage: { generator: "frontier", round: ctx.round, seed: ctx.seed, source_cluster: p.cluster_id } },
        });
        avoid.add(textKey(item.x));
        out.push(item);
      }
    });
    return out;
  },
});

export default frontier;
