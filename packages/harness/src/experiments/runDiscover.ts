import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { classRecovery, type Discovery, discover, type FailureStructure, failureStructureAsync, type StructureRecovery, structureRecovery } from "@fib/clustering";
import { extractFailures } from "@fib/failures";
import { EvalRecord, type EvalRecord as EvalRecordT, type Failure, FibError, type Item, type Provenance, RunEvent, readItems, streamJsonl } from "@fib/schemas";
import { EVENTS_FILE, type EventLog } from "../run/eventLog.js";
import { type PlantedRecovery, plantedRecovery } from "./plantedRecovery.js";
import { h2Verdict, type H2Verdict } from "../stats/verdicts.js";
import { checkAborted, runOptionsFor, withRun } from "../run/withRun.js";
import { EXPERIMENT_DEFAULTS as D } from "./experimentDefaults.js";

export interface ModelMode {
  model_id: string;
  n_failures: number;
  best_cluster: number;
  /** share of the model's failures in that cluster */
  recall: number;
  /** share of that cluster's failures that are this model's */
  precision: number;
}

/** Per model, which cluster holds its failures (planted-mode recovery for simulated specialists): per-class recovery with the models as the classes. */
export function modelModes(labels: readonly number[], models: readonly string[]): ModelMode[] {
  return classRecovery(labels, models).map((c) => ({ model_id: c.structure_id, n_failures: c.n, best_cluster: c.best_cluster, recall: c.recall, precision: c.purity }));
}

export interface RunDiscoverOptions {
  /** a run directory whose events hold eval records (e.g. from eval-static) */
  run?: string;
  /** or a JSONL file of eval records … */
  records?: string;
  /** … with the dataset its item ids refer to (default for --run: the dataset in its run_config event) */
  dataset?: string;
  k?: number | "auto";
  seed?: number;
  nBoot?: number;
  dims?: number;
  /** failure-permutation null replicates (default 19; 0: not run, and no verdict on whether failures are structured) */
  nullReps?: number;
  reportsRoot?: string;
  argv?: string[];
  env?: Readonly<Record<string, string | undefined>>;
  onProgress?: (p: { stage: string; done: number; total: number }) => void;
  /** Ctrl-C: the discovery stops at its next step (between stages and null replicates), the run ends "interrupted" */
  signal?: AbortSignal;
  /** see RunSettings.beforeFinish */
  beforeFinish?: (runDir: string) => void;
}

/** Failures a discovery report carries as plot points at most (an even stride of them). */
export const MAX_REPORT_POINTS = 5000;

export interface DiscoveryReport extends Omit<Discovery, "points"> {
  kind: "discovery";
  points: (Discovery["points"][number] & { structure_id: string | null; text: string })[];
  /** H2: how well the clusters recover the held-out structure_id (null when undefined, with the reason) */
  h2: StructureRecovery | null;
  h2_reason: string | null;
  h2_verdict: H2Verdict | null;
  h2_reasoning: string | null;
  /** where models fail more than their base rate (lift per cluster region) and whether failures are concentrated beyond the failure-permutation null */
  failure_structure: FailureStructure | null;
  /** simulated models only: the planted weak structures found as high-lift regions (recall, precision) */
  planted: PlantedRecovery | null;
  /** per model: the cluster holding most of its failures, that share, and how much of the cluster is this model (a planted weakness should own one cluster) */
  model_modes: ModelMode[];
  provenance: Provenance;
}

/**
 * The failed records of a run (or a records file), streamed: a correct record is counted and
 * dropped as it is read, so a run of millions of records holds only its failures in memory.
 */
async function loadRecords(
  opts: RunDiscoverOptions,
): Promise<{ failed: EvalRecordT[]; nRecords: number; models: string[]; specs: string[]; evaluated: Map<string, string[]>; dataset: string; runDir: string | null }> {
  if (opts.run && opts.records) throw new FibError("USAGE", "give --run or --records, not both");
  const failed: EvalRecordT[] = [];
  const models = new Set<string>();
  // per model, the items it was evaluated on (ids interned: one string per item, however many models)
  const evaluated = new Map<string, string[]>();
  const ids = new Map<string, string>();
  let nRecords = 0;
  const take = (r: EvalRecordT) => {
    nRecords++;
    models.add(r.model_id);
    let id = ids.get(r.item_id);
    if (id === undefined) ids.set(r.item_id, (id = r.item_id));
    let list = evaluated.get(r.model_id);
    if (!list) evaluated.set(r.model_id, (list = []));
    list.push(id);
    if (!r.correct) failed.push(r);
  };
  if (opts.run) {
    const dir = resolve(opts.run);
    if (!existsSync(join(dir, EVENTS_FILE))) throw new FibError("INPUT_NOT_FOUND", `not a run directory (no ${EVENTS_FILE})`, { file: dir });
    let config: { dataset?: string; models?: unknown } | undefined;
    for await (const { value: e } of streamJsonl(join(dir, EVENTS_FILE), RunEvent)) {
      if (e.event === "eval_record") take(e.payload as EvalRecordT);
      else if (!config && (e.event === "run_config" || e.event === "harness_config")) config = e.payload as { dataset?: string };
    }
    const dataset = opts.dataset ?? config?.dataset;
    if (!dataset) throw new FibError("USAGE", "the run names no dataset: pass --dataset", { file: dir });
    const specs = Array.isArray(config?.models) ? config.models.filter((m): m is string => typeof m === "string") : [];
    return { failed, nRecords, models: [...models], specs, evaluated, dataset, runDir: dir };
  }
  if (opts.records) {
    if (!opts.dataset) throw new FibError("USAGE", "--records needs --dataset (the items the records refer to)");
    // every record must name an item of the dataset: say which line does not
    const ids = new Set((await readItems(opts.dataset)).map((it) => it.id));
    for await (const { value, line } of streamJsonl(opts.records, EvalRecord)) {
      if (!ids.has(value.item_id)) throw new FibError("INPUT_INVALID", `names item "${value.item_id}", which is not in ${opts.dataset}`, { file: opts.records, line, field: "item_id" });
      take(value);
    }
    if (nRecords === 0) throw new FibError("INPUT_EMPTY", "no records (the file is empty or holds only blank lines)", { file: opts.records });
    return { failed, nRecords, models: [...models], specs: [], evaluated, dataset: opts.dataset, runDir: null };
  }
  throw new FibError("USAGE", "give --run RUN_DIR or --records FILE");
}

/** The discovery's recorded configuration (`source_run`: the run whose records it read, when it writes a new run dir). */
function discoverConfig(opts: RunDiscoverOptions, dataset: string, sourceRun: string | null) {
  return {
    dataset,
    k: opts.k ?? D.k,
    seed: opts.seed ?? 0,
    n_boot: opts.nBoot ?? D.n_boot,
    dims: opts.dims ?? 16,
    null_reps: opts.nullReps ?? 19,
    source: opts.run ? "run" : "records",
    ...(sourceRun ? { source_run: sourceRun } : {}),
  };
}

/**
 * `fib discover`: failures of a run → features → clusters → profiles, with the H2 numbers
 * (macro purity against structure_id with a bootstrap CI and a shuffled-label baseline, NMI,
 * ARI) and the MI(cluster, type) vs MI(cluster, model) diagnostic. Writes discovery.json and
 * events into the run dir (a new one for --records).
 */
export async function runDiscover(opts: RunDiscoverOptions): Promise<{ runDir: string; report: DiscoveryReport; items: Item[] }> {
  const seed = opts.seed ?? 0;
  const { failed, nRecords, models, specs, evaluated: evaluatedIds, dataset, runDir: source } = await loadRecords(opts);
  // a run dir is extended once; one that already holds a discovery (a committed example, a second
  // discovery with other settings) is never rewritten: the discovery goes to a new run dir
  const existing = source && !existsSync(join(source, "discovery.json")) ? source : null;
  const items = await readItems(dataset);
  const failures = extractFailures(failed, items);
  const byId = new Map(items.map((it) => [it.id, it]));
  const evaluated = new Map([...evaluatedIds].map(([m, list]) => [m, list.map((id) => byId.get(id)).filter((it): it is Item => it !== undefined)]));
  evaluatedIds.clear();
  failed.length = 0; // the records' objects are not needed past here: let a million of them go
  return withRun(runOptionsFor("discover", "discover", { ...opts, ...(existing ? { existingDir: existing } : {}) }), async (run) => {
    // a stage boundary: a Ctrl-C sent while the last (synchronous) stage ran is seen here
    const step = async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      checkAborted(opts.signal);
    };
    await step();
    const config = discoverConfig(opts, dataset, source && !existing ? source : null);
    const nullReps = config.null_reps;
    run.log.emit("discover", "run_config", { ...config, n_records: nRecords, n_failures: failures.length });
    const d = discover(failures, {
      k: opts.k ?? D.k,
      seed,
      models,
      maxPoints: MAX_REPORT_POINTS,
      ...(opts.dims ? { dims: opts.dims } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    await step();
    const { h2, h2_reason } = recoveryOf(d, failures, opts.nBoot ?? D.n_boot, seed);
    const structure =
      d.status === "ok"
        ? await failureStructureAsync(d, failures, evaluated, {
            nullReps,
            seed,
            models,
            ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
            ...(opts.signal ? { signal: opts.signal } : {}),
          })
        : null;
    const verdict = h2 ? h2Verdict(h2, structure) : null;
    // a spec whose model ran is counted once per model id seen (a run config naming models that never answered adds nothing)
    const planted = structure && specs.length === models.length ? await plantedRecovery(specs, evaluated, structure) : null;
    emitDiscoveryMetrics(run.log, { k: d.k, structure, planted, h2 });
    run.log.emit("metric", "metric_computed", { name: "discover/k", value: d.k, n: failures.length });
    const provenance = await run.provenance({
      seeds: { seed },
      models: models.map((id) => ({ id })),
      datasets: { [dataset]: dataset },
      config,
    });
    const report = discoveryReport(d, failures, byId, { h2, h2_reason, verdict, structure, planted, provenance });
    run.writeReport("discovery.json", report);
    return { runDir: run.dir, report, items };
  });
}

/** The discovery report: the clustering, H2 with its verdict, the failure structure, per-model modes, and the plot points. */
function discoveryReport(
  d: Discovery,
  failures: readonly Failure[],
  byId: ReadonlyMap<string, Item>,
  r: Pick<DiscoveryReport, "h2" | "h2_reason" | "planted" | "provenance"> & { verdict: { verdict: H2Verdict; reasoning: string } | null; structure: FailureStructure | null },
): DiscoveryReport {
  // for plots and hovers only: the held-out structure_id and a snippet of each failed item, for an
  // even stride of at most 5,000 failures (what the page draws; a million would make a 400 MB report)
  const points = d.points.map((p) => {
    const it = byId.get(p.item_id);
    return { ...p, structure_id: it?.structure_id ?? null, text: (it?.x ?? "").slice(0, 160) };
  });
  const report: DiscoveryReport = {
    kind: "discovery",
    ...d,
    points,
    h2: r.h2,
    h2_reason: r.h2_reason,
    h2_verdict: r.verdict?.verdict ?? null,
    h2_reasoning: r.verdict?.reasoning ?? null,
    failure_structure: r.structure,
    planted: r.planted,
    model_modes:
      d.status === "ok"
        ? modelModes(
            d.labels,
            failures.map((f) => f.model_id),
          )
        : [],
    provenance: r.provenance,
  };
  return report;
}

/** H2's numbers when they are defined (clusters found, every failed item labelled), else why not. */
function recoveryOf(d: Discovery, failures: readonly Failure[], nBoot: number, seed: number): { h2: StructureRecovery | null; h2_reason: string | null } {
  if (d.status !== "ok") return { h2: null, h2_reason: d.message };
  if (failures.some((f) => f.item.structure_id === undefined)) return { h2: null, h2_reason: "some failed items have no structure_id: nothing to recover" };
  return {
    h2: structureRecovery(
      d.labels,
      failures.map((f) => f.item.structure_id as string),
      { nBoot, seed, groups: failures.map((f) => f.item_id), strata: failures.map((f) => f.item.type) },
    ),
    h2_reason: null,
  };
}

/** The discovery's numbers as metric events (failure concentration, planted recovery, H2), in the order a reader tails them. */
function emitDiscoveryMetrics(log: EventLog, r: { k: number; structure: FailureStructure | null; planted: PlantedRecovery | null; h2: StructureRecovery | null }): void {
  const { structure, planted, h2 } = r;
  if (structure) {
    log.emit("metric", "metric_computed", { name: "h2/failure_g", value: structure.g_statistic, null_p95: structure.null?.g.p95 ?? null, p_value: structure.null?.g.p_value ?? null });
    log.emit("metric", "metric_computed", { name: "h2/high_lift_clusters", value: structure.lift.filter((l) => l.high).length });
  }
  if (planted) log.emit("metric", "metric_computed", { name: "h2/planted_recall", value: planted.recall, precision: planted.precision, weak: planted.weak.length });
  if (h2) {
    for (const [name, value] of [
      ["h2/purity_macro", h2.purity_macro],
      ["h2/nmi", h2.nmi],
      ["h2/ari", h2.ari],
      ["h2/shuffled_purity", h2.shuffled_baseline.mean],
    ] as const) {
      log.emit("metric", "metric_computed", { name, value, n: h2.n, k: r.k });
    }
  }
}
