import { resolve } from "node:path";
import { discover, kmeans, purity } from "@fib/clustering";
import { applyStoppingRule, type CentroidDrift, centroidDrift, convergenceNoiseBand, type NoiseBand, overlapAri } from "@fib/convergence";
import { extractFailures } from "@fib/failures";
import { type FeatureSpace, fitFeatureSpace, transformFeatures } from "@fib/geometry";
import { runGenerator } from "@fib/induce";
import { type ClusterProfile, type EvalRecord, type Failure, FibError, type Item, readItems } from "@fib/schemas";
import { bootstrapCi, createRng, debiasedSeparation, deriveSeed, sampleIndices, sampleWithoutReplacement } from "@fib/stats";
import { calibrateH3, type H3CalibrationBlock } from "./calibrateH3.js";
import { chooseGenerator } from "./chooseGenerator.js";
import { IterateConfig, type IterateConfigT, parseConfig } from "./experimentConfig.js";
import { UPDATE_RULES } from "./experimentDefaults.js";
import { separationOf } from "../stats/h1.js";
import { checkPreregistration, preregFields } from "../run/prereg.js";
import { closeModels, resolveModels } from "../run/resolveModels.js";
import { checkCount, correctnessMatrix } from "./harnessCore.js";
import { h3Verdict } from "../stats/verdicts.js";
import type { EventLog } from "../run/eventLog.js";
import { checkAborted, evaluateLogged, runOptionsFor, withRun } from "../run/withRun.js";

import { type IterateOptions, type IterateReport, iterateConfigFrom, type RoundRecord } from "./iterateTypes.js";

export { type IterateOptions, type IterateReport, iterateConfigFrom, iterateOptionsFromSpec, type RoundRecord, type UpdateRule } from "./iterateTypes.js";

/** S (raw, with a CI over items) and its debiased variance on `budget` items sampled from the round's set. */
function roundSeparation(models: readonly string[], items: readonly Item[], records: readonly EvalRecord[], budget: number, nBoot: number, seed: number, round: number) {
  const idx = sampleIndices(items.length, budget, createRng(deriveSeed(seed, `iterate/S/${round}`)));
  const scored = idx.map((i) => items[i] as Item);
  const correct = correctnessMatrix(models, scored, records);
  const sep = bootstrapCi(
    scored.map((_, i) => i),
    (s) => separationOf(correct, s as number[]),
    { nBoot, seed: deriveSeed(seed, `iterate/ci/${round}`) },
  );
  const d = debiasedSeparation(correct);
  return { n_scored: scored.length, sep, S2_debiased: d.S2_debiased, S_debiased: d.S_debiased };
}

/** A round's failure geometry kept for the next round's drift and ARI. */
interface RoundGeometry {
  centroids: number[][];
  failure_ids: string[];
  labels: number[];
  n_failed_items: number;
}

/** What the loop carries from round to round. */
interface LoopState {
  current: Item[];
  /** (model, item) → record: persisting items are not re-asked */
  cache: Map<string, EvalRecord>;
  seen: { ids: Set<string>; texts: Set<string> };
  space: FeatureSpace | null;
  fittedOn: string;
  k: number | "auto";
  round0: { rows: number; cols: number; data: Float64Array; groups: string[] } | null;
  bands: Map<string, NoiseBand>;
  prev: RoundGeometry | null;
  /** augment: the convergence geometry is that of what each round adds (consecutive sets are
   * nested, so the whole set's drift falls and its ARI on shared failures is 1 by construction) */
  prevAdded: RoundGeometry | null;
  added: Set<string>;
  geometry: { centroids: number[][]; n_failed_items: number; failures: Failure[] }[];
  anyClusters: boolean;
  profiles: ClusterProfile[];
  series: RoundRecord[];
  newCount: number;
}

interface LoopEnv {
  o: IterateOptions;
  config: IterateConfigT;
  source: Item[];
  predictors: Awaited<ReturnType<typeof resolveModels>>;
  models: string[];
  log: EventLog;
}

/**
 * `fib iterate`: evaluate → failures → clusters → profiles → G → the next set, for `rounds`
 * rounds, through `discover` in one feature space fitted on the starting dataset, with k fixed at round 0
 * and every later k-means warm-started from the previous round's centroids. Per round: S at
 * equal budget (raw with CI, and debiased), macro purity against structure_id,
 * Hungarian-matched centroid drift, ARI on the failure ids both rounds share, the failure
 * count, and the noise band those would have between independent draws of one distribution
 * (measured on round 0's failures at the sizes compared); then H3's stopping rule, whose
 * default thresholds are that band.
 */
export async function runIterate(o: IterateOptions): Promise<{ runDir: string; report: IterateReport }> {
  checkCount("rounds", o.rounds);
  if (o.budget !== undefined) checkCount("budget", o.budget);
  if (o.update !== undefined && !(UPDATE_RULES as readonly string[]).includes(o.update))
    throw new FibError("USAGE", `--update must be ${UPDATE_RULES.join(", ")}, got ${o.update}`, { field: "update" });
  // validated once; every value below is read from the typed config
  const config = parseConfig(IterateConfig, iterateConfigFrom(o), { code: "USAGE" });
  const prereg = o.prereg ? await checkPreregistration(o.prereg, "iterate", config, [o.dataset], o.reportsRoot ? { reportsDir: o.reportsRoot } : {}) : null;
  const source = await readItems(o.dataset);
  const predictors = await resolveModels(o);
  const gen = chooseGenerator(o);
  try {
    return await withRun(runOptionsFor("iterate", config.update, o), async (run) => {
      run.log.emit("run", "run_config", { ...config, n_source_items: source.length, pre_registered: prereg !== null });
      const env: LoopEnv = { o, config, source, predictors, models: predictors.map((p) => p.id), log: run.log };
      const st = initialState(env);
      for (let r = 0; r < o.rounds; r++) {
        checkAborted(run.signal);
        await playRound(env, st, r);
        o.onProgress?.({ stage: "rounds", done: r + 1, total: o.rounds });
        if (r < o.rounds - 1) generateNext(env, st, gen, r + 1);
      }
      const stopping = applyStoppingRule(
        st.series.map((s) => ({ round: s.round, drift: s.drift, ari: s.ari, band: s.noise_band ? { drift_p95: s.noise_band.drift.p95, ari_p5: s.noise_band.ari?.p5 ?? null } : null })),
        config.thresholds,
        config.thresholds.epsilon === "auto" ? { longRange: (from, to) => longRange(env, st, from, to) } : {},
      );
      const calibration = o.calibrate ? await iterateCalibration(o, o.calibrate, run.log, run.signal) : null;
      const { verdict: h3_verdict, reasoning: h3_reasoning } = h3Verdict(
        stopping,
        o.rounds,
        config.update,
        st.anyClusters ? null : "no round had two or more failures to cluster: with nothing failing there is no failure geometry to converge",
      );
      const provenance = await run.provenance({
        seeds: { seed: config.seed },
        models: predictors.map((p) => p.describe()),
        datasets: { [o.dataset]: resolve(o.dataset) },
        config,
      });
      const report: IterateReport = {
        kind: "iterate",
        config,
        ...preregFields(prereg),
        convergence_series: st.series,
        stopping,
        converged_at: stopping.converged_at,
        h3_verdict,
        h3_reasoning,
        calibration,
        feature_space: { columns: st.space?.columns ?? [], fitted_on: st.fittedOn },
        provenance,
      };
      run.writeReport("iterate_report.json", report);
      return { runDir: run.dir, report };
    });
  } finally {
    await closeModels(predictors);
  }
}

function initialState({ config, source }: LoopEnv): LoopState {
  const current = sampleWithoutReplacement(source, config.budget, createRng(deriveSeed(config.seed, "iterate/round0")));
  return {
    current,
    cache: new Map(),
    seen: { ids: new Set(source.map((i) => i.id)), texts: new Set(source.map((i) => i.x)) },
    space: null,
    fittedOn: "",
    k: config.k,
    round0: null,
    bands: new Map(),
    prev: null,
    prevAdded: null,
    added: new Set(current.map((it) => it.id)),
    geometry: [],
    anyClusters: false,
    profiles: [],
    series: [],
    newCount: current.length,
  };
}

/** The noise band for failed-item sizes `sizes`, measured once per pair of sizes on round 0's failures. */
function bandFor({ o, config }: LoopEnv, st: LoopState, sizes: [number, number]): NoiseBand | null {
  const { round0, k } = st;
  if (!round0 || typeof k !== "number") return null;
  const key = sizes.join("/");
  const band = st.bands.get(key) ?? convergenceNoiseBand(round0, { k, seed: deriveSeed(config.seed, "iterate/noise-band"), sizes, groups: round0.groups, nReps: o.bandReps ?? 40 });
  st.bands.set(key, band);
  return band;
}

/** Every model's record on every item of the round: the new (model, item) pairs evaluated, the rest from earlier rounds. */
async function roundRecords(env: LoopEnv, st: LoopState, r: number): Promise<EvalRecord[]> {
  const { o, models } = env;
  const todo = st.current.filter((it) => models.some((m) => !st.cache.has(`${m}::${it.id}`)));
  const fresh = await evaluateLogged(env.predictors, todo, env.log, { stage: `round=${r}`, ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  for (const rec of fresh) st.cache.set(`${rec.model_id}::${rec.item_id}`, rec);
  return st.current.flatMap((it) => models.map((m) => st.cache.get(`${m}::${it.id}`) as EvalRecord));
}

/**
 * Geometry in one fixed space, fitted (once) on the starting dataset (up to 5000 items of it), not
 * on round 0's failures: rows the space was fitted on sit differently in it than new ones, which
 * would make round 0 → 1 drift look larger than the noise band measured on round 0.
 */
function fixedSpace(env: LoopEnv, st: LoopState): FeatureSpace {
  if (st.space === null) {
    const seed = env.config.seed;
    const fitOn = sampleWithoutReplacement(env.source, 5000, createRng(deriveSeed(seed, "iterate/space")));
    st.space = fitFeatureSpace(fitOn, { seed });
    st.fittedOn = `${fitOn.length} items of the starting dataset`;
  }
  return st.space;
}

/** One round: evaluate what is new, extract failures, cluster them in the fixed space, and record the round's numbers. */
async function playRound(env: LoopEnv, st: LoopState, r: number): Promise<void> {
  const { config, models } = env;
  const { seed, budget } = config;
  const records = await roundRecords(env, st, r);
  const failures = extractFailures(records, st.current);
  const sep = roundSeparation(models, st.current, records, budget, config.n_boot, seed, r);
  const accuracy_by_model = Object.fromEntries(models.map((m) => [m, records.filter((x) => x.model_id === m && x.correct).length / Math.max(1, st.current.length)]));
  const space = fixedSpace(env, st);
  const g = clusterRound(failures, { space, k: st.k, seed, models, prev: st.prev });
  if (g.k !== null) {
    if (st.k === "auto") st.k = g.k;
    st.profiles = g.profiles;
    if (r === 0) st.round0 = { ...transformFeatures(space, failures), groups: failures.map((f) => f.item_id) };
  }
  // what the convergence diagnostics compare: the whole set, or (augment) the failures on this round's new items
  const augment = config.update === "augment";
  const geoFailures = augment ? failures.filter((f) => st.added.has(f.item_id)) : failures;
  const geo: ReturnType<typeof clusterRound> = augment ? clusterRound(geoFailures, { space, k: st.k, seed, models, prev: st.prevAdded }) : g;
  const { labels, centroids } = geo;
  const before = augment ? st.prevAdded : st.prev;
  const drift: CentroidDrift | null = before && centroids.length ? centroidDrift(before.centroids, centroids) : null;
  const ov = before && labels.length ? overlapAri(before, { failure_ids: geoFailures.map((f) => f.failure_id), labels }) : { n_overlap: 0, ari: null };
  const nFailedItems = new Set(geoFailures.map((f) => f.item_id)).size;
  if (labels.length) st.anyClusters = true;
  st.geometry.push({ centroids, n_failed_items: nFailedItems, failures: geoFailures });
  // sizes in failed items: an item's failures move together
  const band: NoiseBand | null = drift ? bandFor(env, st, [before?.n_failed_items ?? 0, nFailedItems]) : null;
  const rec: RoundRecord = {
    round: r,
    n_items: st.current.length,
    n_new_items: st.newCount,
    n_failures: failures.length,
    n_scored: sep.n_scored,
    model_separation_S: sep.sep.value,
    model_separation_S_ci: sep.sep,
    S2_debiased: sep.S2_debiased,
    S_debiased: sep.S_debiased,
    accuracy_by_model,
    k: labels.length ? new Set(labels).size : null,
    purity: g.purity,
    drift: drift?.mean ?? null,
    drift_detail: drift,
    ari: ov.ari,
    n_overlap: ov.n_overlap,
    noise_band: band,
    note: g.note,
    profiles: st.profiles.map((p) => ({ cluster_id: p.cluster_id, size: p.size, description: p.description })),
  };
  st.series.push(rec);
  emitRoundMetrics(env.log, rec);
  if (g.labels.length) st.prev = { centroids: g.centroids, failure_ids: failures.map((f) => f.failure_id), labels: g.labels, n_failed_items: new Set(failures.map((f) => f.item_id)).size };
  if (augment && labels.length) st.prevAdded = { centroids, failure_ids: geoFailures.map((f) => f.failure_id), labels, n_failed_items: nFailedItems };
}

/** G: the next round's set from the last profiles, by the update rule. */
function generateNext({ config }: LoopEnv, st: LoopState, gen: ReturnType<typeof chooseGenerator>, round: number): void {
  const { budget, seed, update } = config;
  const nNew = update === "mix" ? Math.ceil(budget / 2) : budget;
  const ctx = { budget: nNew, seed: deriveSeed(seed, `iterate/generate/${round}`), round, exclude: { ids: st.seen.ids, texts: st.seen.texts } };
  const generated = runGenerator(gen, st.profiles, ctx);
  for (const it of generated) {
    st.seen.ids.add(it.id);
    st.seen.texts.add(it.x);
  }
  st.newCount = generated.length;
  st.added = new Set(generated.map((it) => it.id));
  st.current = nextSet(st.current, generated, update, budget - nNew, deriveSeed(seed, `iterate/mix/${round}`));
}

/**
 * Slow drift: from a declared round to a later one, against the band for those sizes. The later
 * round is clustered warm-started from the anchor's centroids directly (one step, as the band is
 * measured), not read off the round-to-round chain, whose warm starts carry each round's noise
 * into the next and would drift by that alone.
 */
function longRange(env: LoopEnv, st: LoopState, from: number, to: number): { drift: number; p95: number } | null {
  const a = st.geometry[from];
  const b = st.geometry[to];
  if (!a?.centroids.length || !b?.centroids.length || !st.space) return null;
  const rows = transformFeatures(st.space, b.failures);
  const kk = a.centroids.length;
  if (rows.rows < kk) return null;
  const km = kmeans(rows, { k: kk, seed: deriveSeed(env.config.seed, `iterate/long-range/${from}/${to}`), init: { rows: kk, cols: rows.cols, data: Float64Array.from(a.centroids.flat()) } });
  const d = centroidDrift(
    a.centroids,
    Array.from({ length: kk }, (_, c) => Array.from(km.centroids.data.subarray(c * rows.cols, (c + 1) * rows.cols))),
  );
  const band = bandFor(env, st, [a.n_failed_items, b.n_failed_items]);
  return d && band ? { drift: d.mean, p95: band.drift.p95 } : null;
}

/** H3's calibration on this configuration (--calibrate), logged as a metric. */
async function iterateCalibration(o: IterateOptions, reps: number, log: EventLog, signal: AbortSignal | undefined): Promise<H3CalibrationBlock> {
  const calibration = await calibrateH3(
    { ...o, ...(signal ? { signal } : {}) },
    reps,
    (lo) => runIterate(lo as unknown as IterateOptions),
    (kind, rep) => o.onProgress?.({ stage: `calibrate H3, ${kind} loops (replications done)`, done: rep + 1, total: reps }),
  );
  log.emit("metric", "metric_computed", {
    name: "calibration/h3_false_positive_shifting",
    value: calibration.false_positive_shifting.rate,
    gradual: calibration.false_positive_gradual.rate,
    power: calibration.power_stationary.rate,
  });
  return calibration;
}

/** One round's failure geometry: discover in the fixed space, warm-started from the last round's centroids. */
function clusterRound(
  failures: readonly Failure[],
  o: { space: FeatureSpace; k: number | "auto"; seed: number; models: readonly string[]; prev: { centroids: number[][] } | null },
): { labels: number[]; centroids: number[][]; profiles: ClusterProfile[]; purity: number | null; k: number | null; note: string | null } {
  if (failures.length < 2) {
    return { labels: [], centroids: [], profiles: [], purity: null, k: null, note: `${failures.length} failure(s): nothing to cluster this round; the next set is generated from the last profiles` };
  }
  const d = discover(failures, { space: o.space, k: o.k, seed: deriveSeed(o.seed, "iterate/kmeans"), nInit: 4, models: [...o.models], shrinkK: true, ...(o.prev ? { init: o.prev.centroids } : {}) });
  const wanted = o.k === "auto" ? d.k : o.k;
  return {
    labels: d.labels,
    centroids: d.centroids,
    profiles: d.profiles,
    purity: failures.every((f) => f.item.structure_id)
      ? purity(
          d.labels,
          failures.map((f) => f.item.structure_id as string),
        )
      : null,
    k: d.k,
    note: d.k < wanted ? `only ${d.k} distinct failure profiles: clustered with k = ${d.k}` : null,
  };
}

/** The round's numbers as metric events, for tailing a run while it goes. */
function emitRoundMetrics(log: EventLog, rec: RoundRecord): void {
  for (const [name, value] of [
    ["separation", rec.model_separation_S],
    ["S2_debiased", rec.S2_debiased],
    ["purity", rec.purity],
    ["drift", rec.drift],
    ["drift_noise_p95", rec.noise_band?.drift.p95 ?? null],
    ["ari", rec.ari],
    ["n_failures", rec.n_failures],
  ] as const) {
    log.emit("metric", "metric_computed", { name: `round/${rec.round}/${name}`, value, round: rec.round });
  }
}

/** The next round's items: the generated ones (substitute), added to the current (augment), or `keep` current ones sampled plus the generated (mix). */
function nextSet(current: Item[], generated: Item[], update: string, keep: number, seed: number): Item[] {
  if (update === "substitute") return generated;
  if (update === "augment") return [...current, ...generated];
  return [...sampleWithoutReplacement(current, keep, createRng(seed)), ...generated];
}
