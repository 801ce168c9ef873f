import { transformFeatures } from "@fib/geometry";
import { type Failure, FibError, failureId, type Item } from "@fib/schemas";
import { createRng, deriveSeed, percentileInterval, quantile, sampleIndices } from "@fib/stats";
import { type Discovery, discover } from "./discover.js";
import { purity } from "./purity.js";

/** One cluster's region of the design space: every evaluated item nearest its centroid, and how often models failed there. */
export interface RegionLift {
  cluster_id: number;
  n_items: number;
  /** model × item records in the region (every evaluated pair, right or wrong) */
  n_records: number;
  n_failures: number;
  failure_rate: number;
  /** failure_rate / the base rate of all records: > 1 where models fail more than they do overall */
  lift: number;
  /** percentile bootstrap over the region's items (a item's records move together) */
  ci: { lo: number; hi: number };
  /** the CI lies above 1 */
  high: boolean;
  /** the structure_id most of the region's failures carry (null without labels or failures) */
  majority_structure_id: string | null;
}

/** What a null gives a statistic: its mean and 95th percentile over replicates, and the Monte Carlo p-value of the observed one. */
export interface NullDistribution {
  mean: number;
  p95: number;
  /** (1 + #{null ≥ observed}) / (reps + 1) */
  p_value: number;
}

export interface FailureStructure {
  n_records: number;
  n_failures: number;
  base_rate: number;
  lift: RegionLift[];
  /**
   * Failure-rate heterogeneity across the regions: the likelihood-ratio statistic
   * G² = 2 Σ_c [f_c ln(f_c / E_c) + (n_c − f_c) ln((n_c − f_c) / (n_c − E_c))], E_c = n_c · base rate.
   * 0 when every region fails at the base rate.
   */
  g_statistic: number;
  /** macro purity of the observed clusters against structure_id (null without labels) */
  purity_macro: number | null;
  /**
   * The failure-permutation null: which items each model failed is re-drawn at random (each model
   * keeps its failure count and the items it was evaluated on), and φ → k-means → regions → the
   * statistics are recomputed. It removes the failure information and keeps the items, the
   * models' error rates and the whole pipeline, so it says what failures with no structure give.
   */
  null: { reps: number; g: NullDistribution; purity: NullDistribution | null; subsample: { n_items: number; n_failures: number; g_statistic: number } | null } | null;
  /** failures are concentrated beyond chance: G² above what the failure-permutation null gives (p ≤ 0.05), and at least one region's lift CI above 1 (somewhere the models fail more) */
  structured: boolean | null;
  reason: string | null;
}

export interface FailureStructureOptions {
  /** failure-permutation replicates (default 19: p = 0.05 when the observed statistic beats them all); 0: none */
  nullReps?: number;
  /**
   * above this many failures (default 5,000) the G² test and its null run on a seeded subsample of
   * items (all records of each item kept) holding at most this many, with k fixed at the
   * discovery's k for the observed subsample and every replicate alike; lift uses every record
   */
  maxNullFailures?: number;
  seed?: number;
  /** bootstrap replicates of each region's lift CI (default 200) */
  nBoot?: number;
  models?: readonly string[];
  onProgress?: (p: { stage: string; done: number; total: number }) => void;
}

/** For each row of `items` in the discovery's space, the nearest centroid. */
function nearest(d: Discovery, items: readonly Item[]): Int32Array {
  const space = d.feature_space;
  const out = new Int32Array(items.length);
  if (!space || d.centroids.length === 0) return out;
  const m = transformFeatures(space, items);
  const k = d.centroids.length;
  for (let i = 0; i < m.rows; i++) {
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      const cen = d.centroids[c] as number[];
      let s = 0;
      for (let j = 0; j < m.cols; j++) {
        const t = (m.data[i * m.cols + j] as number) - (cen[j] as number);
        s += t * t;
      }
      if (s < bestD) {
        bestD = s;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}

const xlogx = (a: number, b: number) => (a > 0 ? a * Math.log(a / b) : 0);

/** G² of failures f_c out of n_c records per region against one base rate. */
export function heterogeneityG(fails: ArrayLike<number>, records: ArrayLike<number>): number {
  let F = 0;
  let N = 0;
  for (let c = 0; c < records.length; c++) {
    F += fails[c] as number;
    N += records[c] as number;
  }
  if (N === 0 || F === 0 || F === N) return 0;
  const base = F / N;
  let g = 0;
  for (let c = 0; c < records.length; c++) {
    const n = records[c] as number;
    const f = fails[c] as number;
    if (n === 0) continue;
    g += xlogx(f, n * base) + xlogx(n - f, n * (1 - base));
  }
  return 2 * g;
}

/** Per-item failures and records, and per region sums, for one assignment of items to regions. */
function regionCounts(region: Int32Array, itemFails: Int32Array, itemRecords: Int32Array, k: number) {
  const f = new Float64Array(k);
  const n = new Float64Array(k);
  for (let i = 0; i < region.length; i++) {
    f[region[i] as number]! += itemFails[i] as number;
    n[region[i] as number]! += itemRecords[i] as number;
  }
  return { f, n };
}

function nullOf(observed: number, reps: readonly number[]): NullDistribution {
  const atLeast = reps.filter((r) => r >= observed - 1e-12).length;
  return { mean: reps.reduce((a, b) => a + b, 0) / Math.max(1, reps.length), p95: quantile(reps, 0.95), p_value: (atLeast + 1) / (reps.length + 1) };
}

/**
 * Are the failures structured beyond chance, and where do models fail *more*? Given a discovery
 * of `failures` and, per model, every item it was evaluated on: each evaluated item is placed
 * in the region of its nearest centroid; each region gets its failure rate against the base rate
 * of all records (lift, with an item-bootstrap CI), and G² measures how unequal the rates are.
 * The failure-permutation null re-draws each model's failures uniformly among its evaluated
 * items (same counts), re-runs φ → k-means with k chosen as it was (by silhouette when the
 * discovery's k was "auto"), and recomputes G² and purity: the
 * observed failures are `structured` when G² beats that null at 5 %. Coin-flip failures fall
 * evenly over the design space, so their clusters recover the item templates φ reads (purity
 * well above shuffled labels) and yet their G² is what the null gives.
 */
export function failureStructure(d: Discovery, failures: readonly Failure[], evaluated: ReadonlyMap<string, readonly Item[]>, opts: FailureStructureOptions = {}): FailureStructure {
  const steps = failureStructureSteps(d, failures, evaluated, opts);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/**
 * `failureStructure` that yields to the event loop between null replicates (each a whole
 * discovery) and stops with ABORTED at the next one once `signal` is aborted: a Ctrl-C reaches a
 * long discovery within a replicate, instead of after all of them.
 */
export async function failureStructureAsync(
  d: Discovery,
  failures: readonly Failure[],
  evaluated: ReadonlyMap<string, readonly Item[]>,
  opts: FailureStructureOptions & { signal?: AbortSignal } = {},
): Promise<FailureStructure> {
  const steps = failureStructureSteps(d, failures, evaluated, opts);
  for (;;) {
    if (opts.signal?.aborted) throw new FibError("ABORTED", "interrupted (Ctrl-C): the discovery stopped");
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The majority structure_id of each region's failures (ties to the first id in sort order; null when none is labelled). */
function regionMajorities(failures: readonly Failure[], index: ReadonlyMap<string, number>, region: Int32Array, k: number): (string | null)[] {
  const ids: Map<string, number>[] = Array.from({ length: k }, () => new Map());
  for (const f of failures) {
    const i = index.get(f.item_id);
    const sid = f.item.structure_id;
    if (i === undefined || sid === undefined) continue;
    const m = ids[region[i] as number] as Map<string, number>;
    m.set(sid, (m.get(sid) ?? 0) + 1);
  }
  return ids.map((m) => {
    let best: string | null = null;
    let n = 0;
    for (const [sid, cnt] of [...m].sort(([a], [b]) => (a < b ? -1 : 1))) if (cnt > n) [best, n] = [sid, cnt];
    return best;
  });
}

/** Lift per region with a percentile CI from resampling the region's items (one seeded stream across regions, in order). */
function regionLifts(
  region: Int32Array,
  counts: { f: ArrayLike<number>; n: ArrayLike<number> },
  itemFails: ArrayLike<number>,
  itemRecords: ArrayLike<number>,
  majority: readonly (string | null)[],
  base: number,
  nBoot: number,
  seed: number,
): RegionLift[] {
  const k = majority.length;
  const members: number[][] = Array.from({ length: k }, () => []);
  region.forEach((c, i) => {
    (members[c] as number[]).push(i);
  });
  const rng = createRng(deriveSeed(seed, "failure-structure/lift"));
  const lift: RegionLift[] = [];
  for (let c = 0; c < k; c++) {
    const idx = members[c] as number[];
    const nc = counts.n[c] as number;
    if (idx.length === 0 || nc === 0) continue;
    const reps = new Float64Array(nBoot);
    for (let b = 0; b < nBoot; b++) {
      let ff = 0;
      let nn = 0;
      for (let t = 0; t < idx.length; t++) {
        const i = idx[rng.int(0, idx.length - 1)] as number;
        ff += itemFails[i] as number;
        nn += itemRecords[i] as number;
      }
      reps[b] = nn > 0 ? ff / nn / base : Number.NaN;
    }
    const ci = percentileInterval(reps, 0.05);
    const fc = counts.f[c] as number;
    const rate = fc / nc;
    lift.push({ cluster_id: c, n_items: idx.length, n_records: nc, n_failures: fc, failure_rate: rate, lift: rate / base, ci, high: ci.lo > 1, majority_structure_id: majority[c] ?? null });
  }
  return lift;
}

const purityOf = (labels: readonly number[], fs: readonly Failure[]): number =>
  purity(
    labels,
    fs.map((x) => x.item.structure_id as string),
  );

/** What the permutation null tests: the discovery itself, or a seeded subsample of it re-clustered at the same k. */
interface NullSubject {
  d: Discovery;
  failures: readonly Failure[];
  evaluated: ReadonlyMap<string, readonly Item[]>;
  table: ItemTable;
  g: number;
  purity: number | null;
  subsample: { n_items: number; n_failures: number; g_statistic: number } | null;
}

/**
 * Above `cap` failures, a seeded subsample of items (every record of each kept, up to `cap` failures),
 * observed and null both at the discovery's k; a message when the subsample cannot be clustered.
 */
function subsampleSubject(full: NullSubject, itemFails: ArrayLike<number>, cap: number, seed: number, opts: FailureStructureOptions): NullSubject | string {
  const { items } = full.table;
  const order = sampleIndices(items.length, items.length, createRng(deriveSeed(seed, "failure-structure/subsample")));
  const keep = new Set<string>();
  let nf = 0;
  for (const i of order) {
    const add = itemFails[i] as number;
    if (nf + add > cap) continue;
    nf += add;
    keep.add((items[i] as Item).id);
  }
  const failures = full.failures.filter((f) => keep.has(f.item_id));
  const evaluated = new Map([...full.evaluated].map(([m, list]) => [m, list.filter((it) => keep.has(it.id))]));
  const d = discover(failures, { k: full.d.k, seed, nInit: full.d.params.n_init, dims: full.d.params.dims, shrinkK: true, ...(opts.models ? { models: opts.models } : {}) });
  if (d.status !== "ok") return `the subsample for the failure-permutation null could not be clustered: ${d.message}`;
  const table = itemTable(evaluated);
  const g = gOf(d, failures, table);
  return { d, failures, evaluated, table, g, purity: full.purity === null ? null : purityOf(d.labels, failures), subsample: { n_items: keep.size, n_failures: failures.length, g_statistic: g } };
}

/** Null replicate r: each model's failures re-drawn among its evaluated items (as many as it had). */
function permutedFailures(test: NullSubject, counts: ReadonlyMap<string, number>, seed: number, r: number): Failure[] {
  const prng = createRng(deriveSeed(seed, `failure-structure/null/${r}`));
  const fake: Failure[] = [];
  for (const [model, list] of [...test.evaluated.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const want = Math.min(counts.get(model) ?? 0, list.length);
    for (const i of sampleIndices(list.length, want, prng)) {
      const it = list[i] as Item;
      fake.push({ failure_id: failureId(model, it.id), model_id: model, item_id: it.id, item: it, prediction: (1 - it.y) as 0 | 1, reason: "wrong_answer" });
    }
  }
  return fake;
}

/** A failure structure with nothing measured beyond the counts, and why. */
function emptyStructure(n_records: number, n_failures: number, base_rate: number, reason: string): FailureStructure {
  return { n_records, n_failures, base_rate, lift: [], g_statistic: Number.NaN, purity_macro: null, null: null, structured: null, reason };
}

/** The computation, one step per null replicate. */
function* failureStructureSteps(d: Discovery, failures: readonly Failure[], evaluated: ReadonlyMap<string, readonly Item[]>, opts: FailureStructureOptions): Generator<void, FailureStructure> {
  const seed = opts.seed ?? 0;
  const nullReps = opts.nullReps ?? 19;
  // one row per distinct evaluated item, with its failures and records
  const table = itemTable(evaluated);
  const itemFails = failuresPerItem(table, failures);
  const nRecords = table.records.reduce((a, b) => a + b, 0);
  const nFailures = itemFails.reduce((a, b) => a + b, 0);
  const base = nRecords > 0 ? nFailures / nRecords : Number.NaN;
  const empty = (reason: string) => emptyStructure(nRecords, nFailures, base, reason);
  if (d.status !== "ok" || d.k < 1) return empty(d.message ?? "no clusters");
  if (nRecords === 0) return empty("no evaluated records: lift needs every record, right or wrong");
  const region = nearest(d, table.items);
  const counts = regionCounts(region, itemFails, table.records, d.k);
  const g = heterogeneityG(counts.f, counts.n);
  const lift = regionLifts(region, counts, itemFails, table.records, regionMajorities(failures, table.index, region, d.k), base, opts.nBoot ?? 200, seed);
  const labelled = failures.length > 0 && failures.every((x) => x.item.structure_id !== undefined);
  const observedPurity = labelled && d.labels.length === failures.length ? purityOf(d.labels, failures) : null;
  const partial = (reason: string): FailureStructure => ({ ...empty(reason), lift, g_statistic: g, purity_macro: observedPurity });
  if (nullReps <= 0) return partial("the failure-permutation null was not run (0 replicates)");
  const full: NullSubject = { d, failures, evaluated, table, g, purity: observedPurity, subsample: null };
  const cap = opts.maxNullFailures ?? 5000;
  const test = failures.length > cap ? subsampleSubject(full, itemFails, cap, seed, opts) : full;
  if (typeof test === "string") return partial(test);
  // the null: each model's failures re-drawn among its evaluated items, the pipeline re-run as the tested discovery ran
  const perModel = new Map<string, number>();
  for (const x of test.failures) perModel.set(x.model_id, (perModel.get(x.model_id) ?? 0) + 1);
  const gs: number[] = [];
  const ps: number[] = [];
  for (let r = 0; r < nullReps; r++) {
    yield;
    opts.onProgress?.({ stage: "discover: failure-permutation null", done: r, total: nullReps });
    const fake = permutedFailures(test, perModel, seed, r);
    // k chosen as it was (a k chosen to fit the failures, then tested at that k alone, would favour the observed)
    const p = test.d.params;
    const nd = discover(fake, { k: p.k, seed: deriveSeed(seed, `failure-structure/null/${r}/kmeans`), nInit: p.n_init, dims: p.dims, shrinkK: true, ...(opts.models ? { models: opts.models } : {}) });
    if (nd.status !== "ok") continue;
    gs.push(gOf(nd, fake, test.table));
    if (test.purity !== null) ps.push(purityOf(nd.labels, fake));
  }
  opts.onProgress?.({ stage: "discover: failure-permutation null", done: nullReps, total: nullReps });
  if (gs.length === 0) return partial("the failure-permutation null produced no clustering");
  const gNull = nullOf(test.g, gs);
  return {
    n_records: nRecords,
    n_failures: nFailures,
    base_rate: base,
    lift,
    g_statistic: g,
    purity_macro: observedPurity,
    null: { reps: gs.length, g: gNull, purity: test.purity !== null && ps.length ? nullOf(test.purity, ps) : null, subsample: test.subsample },
    structured: gNull.p_value <= 0.05 && lift.some((l) => l.high),
    reason: null,
  };
}

/** One row per distinct evaluated item: its index by id and how many records (models) it has. */
interface ItemTable {
  index: Map<string, number>;
  items: Item[];
  records: Int32Array;
}

function itemTable(evaluated: ReadonlyMap<string, readonly Item[]>): ItemTable {
  const index = new Map<string, number>();
  const items: Item[] = [];
  for (const list of evaluated.values())
    for (const it of list)
      if (!index.has(it.id)) {
        index.set(it.id, items.length);
        items.push(it);
      }
  const records = new Int32Array(items.length);
  for (const list of evaluated.values()) for (const it of list) records[index.get(it.id) as number]!++;
  return { index, items, records };
}

function failuresPerItem(t: ItemTable, failures: readonly Failure[]): Int32Array {
  const fails = new Int32Array(t.items.length);
  for (const f of failures) {
    const i = t.index.get(f.item_id);
    if (i !== undefined) fails[i]!++;
  }
  return fails;
}

/** G² of a discovery's regions over the table's items, with these failures. */
function gOf(d: Discovery, failures: readonly Failure[], t: ItemTable): number {
  const rc = regionCounts(nearest(d, t.items), failuresPerItem(t, failures), t.records, d.k);
  return heterogeneityG(rc.f, rc.n);
}
