import { resolve } from "node:path";
import { chooseK, countDistinctRows, kmeans, profileClusters, purity } from "@fib/clustering";
import { applyStoppingRule, type CentroidDrift, centroidDrift, overlapAri, type StoppingDecision } from "@fib/convergence";
import { extractFailures } from "@fib/failures";
import { type FeatureSpace, fitFeatureSpace, toRows, transformFeatures } from "@fib/geometry";
import { checkGenerated, } from "@fib/induce";
import { type ClusterProfile, type EvalRecord, FibError, type Provenance, readItems } from "@fib/schemas";
import { bootstrapCi, type ConfidenceInterval, createRng, deriveSeed, modelSeparation, sampleWithoutReplacement } from "@fib/stats";
import { checkPreregistration } from "./prereg.js";
import { chooseGenerator, type GeneratorChoice } from "./chooseGenerator.js";
import { captureProvenance } from "./provenance.js";
import { closeModels, type ModelSelection, modelSpecs, resolveModels } from "./resolveModels.js";
import { evaluateLogged, runOptionsFor, type RunSettings, withRun } from "./withRun.js";

export type UpdateRule = "substitute" | "augment" | "mix";

export interface IterateOptions extends ModelSelection, RunSettings, GeneratorChoice {
  dataset: string;
  rounds: number;
  update?: UpdateRule;
  /** items per round (round 0 samples this many from the dataset; default 200) */
  budget?: number;
  seed?: number;
  nBoot?: number;
  /** clusters: a number, or "auto" (chosen once, at round 0) */
  k?: number | "auto";
  epsilon?: number;
  tau?: number;
  window?: number;
  prereg?: string;
}

export function iterateConfig(o: IterateOptions): Record<string, unknown> {
  return {
    command: "iterate",
    dataset: o.dataset,
    rounds: o.rounds,
    update: o.update ?? "substitute",
    budget: o.budget ?? 200,
    seed: o.seed ?? 0,
    seeds: [o.seed ?? 0],
    n_boot: o.nBoot ?? 1000,
    models: modelSpecs(o),
    k: o.k ?? "auto",
    generator: o.generator ?? "carb-conditioned",
    thresholds: { epsilon: o.epsilon ?? 0.25, tau: o.tau ?? 0.8, window: o.window ?? 2 },
  };
}

export interface RoundRecord {
  round: number;
  n_items: number;
  n_new_items: number;
  n_failures: number;
  model_separation_S: number;
  model_separation_S_ci: ConfidenceInterval;
  accuracy_by_model: Record<string, number>;
  k: number | null;
  purity: number | null;
  drift: number | null;
  drift_detail: CentroidDrift | null;
  ari: number | null;
  n_overlap: number;
  note: string | null;
  profiles: { cluster_id: number; size: number; description: string }[];
}

export interface IterateReport {
  kind: "iterate";
  config: Record<string, unknown>;
  pre_registered: boolean;
  prereg_sha256: string | null;
  convergence_series: RoundRecord[];
  stopping: StoppingDecision;
  converged_at: number | null;
  h3_verdict: "converged" | "not converged";
  h3_reasoning: string;
  feature_space: { columns: string[]; fitted_on: string };
  provenance: Provenance;
}

/**
 * `fib iterate`: evaluate → failures → clusters (in one feature space fitted at round 0, with
 * k fixed at round 0) → profiles → G → the next set, for `rounds` rounds. Per round: S with CI,
 * macro purity against structure_id, Hungarian-matched centroid drift, ARI on the failure ids
 * both rounds share, the failure count; then H3's stopping rule.
 */
export async function runIterate(o: IterateOptions): Promise<{ runDir: string; report: IterateReport }> {
  const config = iterateConfig(o);
  if (!Number.isInteger(o.rounds) || o.rounds < 1) throw new FibError("USAGE", `rounds must be a positive integer, got ${o.rounds}`, { field: "rounds" });
  const update = config.update as UpdateRule;
  if (!["substitute", "augment", "mix"].includes(update)) throw new FibError("USAGE", `--update must be substitute, augment or mix, got ${update}`, { field: "update" });
  const prereg = o.prereg ? await checkPreregistration(o.prereg, "iterate", config, [o.dataset]) : null;
  const source = await readItems(o.dataset);
  const predictors = await resolveModels(o);
  const models = predictors.map((p) => p.id);
  const gen = chooseGenerator(o);
  const seed = o.seed ?? 0;
  const budget = config.budget as number;
  const nBoot = config.n_boot as number;
  try {
    return await withRun(runOptionsFor("iterate", update, o), async (run) => {
      run.log.emit("run", "harness_config", { ...config, n_source_items: source.length, pre_registered: prereg !== null });
      let current = sampleWithoutReplacement(source, budget, createRng(deriveSeed(seed, "iterate/round0")));
      const cache = new Map<string, EvalRecord>(); // (model, item) → record: persisting items are not re-asked
      const seen = { ids: new Set(source.map((i) => i.id)), texts: new Set(source.map((i) => i.x)) };
      let space: FeatureSpace | null = null;
      let fittedOn = "";
      let k: number | null = typeof config.k === "number" ? (config.k as number) : null;
      let prev: { centroids: number[][]; failure_ids: string[]; labels: number[] } | null = null;
      let profiles: ClusterProfile[] = [];
      const series: RoundRecord[] = [];
      let newCount = current.length;
      for (let r = 0; r < o.rounds; r++) {
        const todo = current.filter((it) => models.some((m) => !cache.has(`${m}::${it.id}`)));
        const fresh = await evaluateLogged(predictors, todo, run.log, { stage: `round=${r}`, ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
        for (const rec of fresh) cache.set(`${rec.model_id}::${rec.item_id}`, rec);
        const records = current.flatMap((it) => models.map((m) => cache.get(`${m}::${it.id}`) as EvalRecord));
        const failures = extractFailures(records, current);
        // separation with a CI over items
        const idx = current.map((_, i) => i);
        const byItem = new Map(current.map((it, i) => [it.id, i]));
        const correct = models.map(() => new Uint8Array(current.length));
        for (const rec of records) (correct[models.indexOf(rec.model_id)] as Uint8Array)[byItem.get(rec.item_id) as number] = rec.correct ? 1 : 0;
        const sep = bootstrapCi(idx, (s) => modelSeparation(correct.map((row) => s.reduce((a, i) => a + (row[i] as number), 0) / Math.max(1, s.length))), { nBoot, seed: deriveSeed(seed, `iterate/ci/${r}`) });
        const accuracy_by_model = Object.fromEntries(models.map((m, j) => [m, (correct[j] as Uint8Array).reduce((a, b) => a + b, 0) / Math.max(1, current.length)]));
        // geometry in one fixed space: fitted on round 0's failures (or items, if none failed)
        if (space === null) {
          space = failures.length >= 2 ? fitFeatureSpace(failures, { seed }) : fitFeatureSpace(current, { seed });
          fittedOn = failures.length >= 2 ? "round 0 failures" : "round 0 items (no failures to fit on)";
        }
        let note: string | null = null;
        let labels: number[] = [];
        let centroids: number[][] = [];
        let pur: number | null = null;
        if (failures.length >= 2) {
          const mtx = transformFeatures(space, failures);
          if (k === null) k = chooseK(mtx, { seed }).k;
          const kk = Math.min(k, countDistinctRows(mtx));
          if (kk < k) note = `only ${kk} distinct failure profiles: clustered with k = ${kk}`;
          const km = kmeans(mtx, { k: kk, seed: deriveSeed(seed, `iterate/kmeans/${r}`), nInit: 4 });
          labels = Array.from(km.labels);
          centroids = toRows(km.centroids);
          profiles = profileClusters(failures, labels, { matrix: mtx, centroids: km.centroids, models });
          if (failures.every((f) => f.item.structure_id)) pur = purity(labels, failures.map((f) => f.item.structure_id as string));
        } else {
          note = `${failures.length} failure(s): nothing to cluster this round; the next set is generated from the last profiles`;
        }
        const drift = prev && centroids.length ? centroidDrift(prev.centroids, centroids) : null;
        const ov = prev && labels.length ? overlapAri(prev, { failure_ids: failures.map((f) => f.failure_id), labels }) : { n_overlap: 0, ari: null };
        const rec: RoundRecord = {
          round: r,
          n_items: current.length,
          n_new_items: newCount,
          n_failures: failures.length,
          model_separation_S: sep.value,
          model_separation_S_ci: sep,
          accuracy_by_model,
          k: labels.length ? new Set(labels).size : null,
          purity: pur,
          drift: drift?.mean ?? null,
          drift_detail: drift,
          ari: ov.ari,
          n_overlap: ov.n_overlap,
          note,
          profiles: profiles.map((p) => ({ cluster_id: p.cluster_id, size: p.size, description: p.description })),
        };
        series.push(rec);
        for (const [name, value] of [["separation", rec.model_separation_S], ["purity", rec.purity], ["drift", rec.drift], ["ari", rec.ari], ["n_failures", rec.n_failures]] as const) {
          run.log.emit("metric", "metric_computed", { name: `round/${r}/${name}`, value, round: r });
        }
        if (labels.length) prev = { centroids, failure_ids: failures.map((f) => f.failure_id), labels };
        o.onProgress?.({ stage: "rounds", done: r + 1, total: o.rounds });
        if (r === o.rounds - 1) break;
        // G: the next set
        const nNew = update === "mix" ? Math.ceil(budget / 2) : budget;
        const ctx = { budget: nNew, seed: deriveSeed(seed, `iterate/generate/${r + 1}`), round: r + 1, exclude: { ids: seen.ids, texts: seen.texts } };
        const generated = gen.generate(profiles, ctx);
        checkGenerated(gen, generated, ctx);
        for (const it of generated) {
          seen.ids.add(it.id);
          seen.texts.add(it.x);
        }
        newCount = generated.length;
        if (update === "substitute") current = generated;
        else if (update === "augment") current = [...current, ...generated];
        else current = [...sampleWithoutReplacement(current, budget - nNew, createRng(deriveSeed(seed, `iterate/mix/${r + 1}`))), ...generated];
      }
      const stopping = applyStoppingRule(series.map((s) => ({ round: s.round, drift: s.drift, ari: s.ari })), config.thresholds as { epsilon: number; tau: number; window: number });
      const h3_verdict = stopping.converged_at === null ? "not converged" : "converged";
      const rule = stopping.rule;
      const h3_reasoning =
        stopping.converged_at === null
          ? `No run of ${rule.window} consecutive rounds had drift < ε = ${rule.epsilon}${update === "substitute" ? "" : ` and ARI > τ = ${rule.tau}`} within ${o.rounds} rounds: the failure geometry had not stabilised (see convergence_series).`
          : `Converged at round ${stopping.converged_at}: ${rule.window} consecutive rounds with drift < ε = ${rule.epsilon}${update === "substitute" ? " (ARI undefined: substitute keeps no failures across rounds)" : ` and ARI > τ = ${rule.tau}`}.`;
      const provenance = await captureProvenance({ runId: run.runId, startedAt: run.startedAt, seeds: { seed }, models: predictors.map((p) => p.describe()), datasets: { [o.dataset]: resolve(o.dataset) }, config, ...(o.argv ? { argv: o.argv } : {}), secrets: run.secrets });
      const report: IterateReport = {
        kind: "iterate",
        config,
        pre_registered: prereg !== null,
        prereg_sha256: prereg?.prereg_sha256 ?? null,
        convergence_series: series,
        stopping,
        converged_at: stopping.converged_at,
        h3_verdict,
        h3_reasoning,
        feature_space: { columns: space?.columns ?? [], fitted_on: fittedOn },
        provenance,
      };
      run.writeReport("iterate_report.json", report);
      return { runDir: run.dir, report };
    });
  } finally {
    await closeModels(predictors);
  }
}
