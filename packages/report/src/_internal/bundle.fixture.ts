import type { ReportBundle } from "../types.js";

const ci = (v: number, w = 0.05) => ({ value: v, lo: v - w, hi: v + w, n_boot: 100 });

/** A small synthetic bundle with every section, for tests (counts of marks are known). */
export function fixtureBundle(): ReportBundle {
  const models = ["weak", "mid", "strong"];
  const prov = { run_id: "abcd1234", timestamp_utc: "2026-01-01T00:00:00Z", git_sha: "0123456789abcdef", git_dirty: false, package_version: "0.1.0", note: "</pre><script>alert(1)</script>" };
  return {
    title: "fixture <report> & co",
    run_dir: "run_fixture",
    eval: {
      kind: "eval_static",
      slice: "carb",
      n: 100,
      models,
      accuracy_by_model: { weak: 0.5, mid: 0.7, strong: 0.95 },
      accuracy_ci_by_model: { weak: ci(0.5), mid: ci(0.7), strong: ci(0.95, 0.03) },
      model_separation_S: 0.18,
      model_separation_S_ci: ci(0.18, 0.02),
      accuracy_by_type: { compositional: { weak: 0.5, mid: 0.8, strong: 1 } },
      provenance: prov,
    },
    discovery: {
      kind: "discovery",
      status: "ok",
      message: null,
      n_failures: 40,
      k: 4,
      profiles: [0, 1, 2, 3].map((c) => ({
        cluster_id: c,
        size: 10,
        description: `cluster ${c} <desc>`,
        type_distribution: { logic_mix: 1 },
        models: [{ model_id: "weak", share: 0.6 }],
        disagreement: 0.5,
      })),
      points: Array.from({ length: 40 }, (_, i) => ({
        failure_id: `weak::i${i}`,
        item_id: `i${i}`,
        model_id: "weak",
        cluster: i % 4,
        x: Math.cos(i),
        y: Math.sin(i),
        structure_id: "syllogism/universal",
        text: `All cats <are> "black" ${i}`,
      })),
      projection_explained: [0.4, 0.2],
      diagnostics: { mi_cluster_type: 1.2, mi_cluster_model: 0.1 },
      h2: { purity_macro: 0.8, purity_macro_ci: ci(0.8), shuffled_baseline: { mean: 0.3, p95: 0.35, p_value: 0.005 }, nmi: 0.7, ari: 0.6, n: 40 },
      h2_reason: null,
      h2_verdict: "type only",
      h2_reasoning: "The clusters beat shuffled labels but not labels permuted within type.",
      provenance: prov,
    },
    harness: {
      kind: "harness",
      config: { budget: 50 },
      pre_registered: true,
      seeds: [0, 1],
      slices: Object.fromEntries(
        ["static", "induced"].map((s, k) => [
          s,
          {
            n_items: 50,
            branch: k ? "generated" : "resample",
            S_mean: 0.1 + k * 0.05,
            S_std: 0.01,
            per_seed: [0, 1].map((seed) => ({
              seed,
              accuracy_by_model: { weak: 0.5, mid: 0.6 + k * 0.05, strong: 0.9 },
              model_separation_S: 0.1 + k * 0.05,
              model_separation_S_ci: ci(0.1 + k * 0.05, 0.02),
            })),
          },
        ]),
      ),
      induction: { from: "static", n_failures: 30, k: 3, failure_geometry_purity: 0.7, profiles: [{ cluster_id: 0, size: 30, description: "all of them" }] },
      h1: { verdict: "supported", reasoning: "Mean ΔS = +0.050 …", diff_mean: 0.05, ci: ci(0.05, 0.02) },
      provenance: prov,
    },
    iterate: {
      kind: "iterate",
      config: { update: "augment" },
      pre_registered: false,
      convergence_series: [0, 1, 2, 3].map((r) => ({
        round: r,
        n_items: 50 * (r + 1),
        n_failures: 20,
        model_separation_S: 0.1,
        purity: 0.6,
        drift: r ? 0.3 / r : null,
        ari: r ? 0.9 : null,
        n_overlap: r ? 10 : 0,
        k: 3,
        noise_band: r ? { drift: { p50: 0.2, p95: 0.35 }, ari: { p5: 0.5, p50: 0.8 } } : null,
      })),
      converged_at: 3,
      h3_verdict: "converged",
      h3_reasoning: "Converged at round 3.",
      provenance: prov,
    },
  };
}
