// breaks the contract: labels must be 0 or 1
export default {
  name: "broken",
  version: "0.0.1",
  generate: (_profiles, ctx) =>
    Array.from({ length: ctx.budget }, (_, i) => ({
      id: `b${ctx.round}_${i}`,
      x: `Broken item ${i} of round ${ctx.round}?`,
      y: 2,
      type: "compositional",
      depth: 1,
      distractor_count: 0,
      operator_count: 1,
      meta: { lineage: { source_cluster: 0 } },
    })),
};
