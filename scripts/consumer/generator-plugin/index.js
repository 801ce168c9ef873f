// "mirror": for each failure cluster, ask the cluster's most common question shape again with the
// opposite expected answer, at the cluster's deepest depth. Written from docs/plugins.md alone.
import { defineGenerator } from "@fib/induce";
import { createRng, deriveSeed } from "@fib/stats";

const SUBJECTS = ["Ada", "Bram", "Cleo", "Dov", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jon", "Kai", "Lia"];

export default defineGenerator({
  name: "mirror",
  version: "1.0.0",
  describe: () => ({ rule: "one comparison chain per item at the cluster's deepest depth, labels alternating" }),
  generate(profiles, ctx) {
    const clusters = profiles.filter((p) => p.size > 0);
    const targets = clusters.length > 0 ? clusters : [{ cluster_id: 0, depth: { max: 2 } }];
    const rng = createRng(deriveSeed(ctx.seed, `mirror/round=${ctx.round}`));
    const takenIds = new Set(ctx.exclude?.ids ?? []);
    const key = (x) =>
      x
        .toLowerCase()
        .match(/[a-z]+/g)
        .sort()
        .join(" ");
    const takenTexts = new Set([...(ctx.exclude?.texts ?? [])].map(key));
    const out = [];
    for (let i = 0; out.length < ctx.budget; i++) {
      const p = targets[i % targets.length];
      const depth = Math.max(1, Math.min(6, p.depth.max));
      const names = Array.from({ length: depth + 1 }, () => SUBJECTS[rng.int(0, SUBJECTS.length - 1)]);
      const premises = names
        .slice(0, -1)
        .map((a, j) => `${a} is taller than ${names[j + 1]}.`)
        .join(" ");
      const y = out.length % 2;
      const x = `${premises} Is ${y ? names[0] : names[depth]} taller than ${y ? names[depth] : names[0]}?`;
      const id = `mirror_r${ctx.round}_s${ctx.seed}_${i}`;
      if (takenIds.has(id) || takenTexts.has(key(x)) || new Set(names).size !== names.length) continue;
      takenIds.add(id);
      takenTexts.add(key(x));
      out.push({
        id,
        x,
        y,
        type: "compositional",
        depth,
        distractor_count: 0,
        operator_count: 1,
        meta: { lineage: { generator: "mirror", round: ctx.round, seed: ctx.seed, source_cluster: p.cluster_id } },
      });
    }
    return out;
  },
});
