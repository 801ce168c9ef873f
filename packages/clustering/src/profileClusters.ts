import { type DenseMatrix, tokenize } from "@fib/geometry";
import type { ClusterProfile, Failure } from "@fib/schemas";
import { extent } from "@fib/stats";

export interface ProfileOptions {
  /** the feature rows and centroids, to pick exemplars nearest the centroid */
  matrix?: DenseMatrix;
  centroids?: DenseMatrix;
  /** every model that was evaluated (default: those that appear among the failures) */
  models?: readonly string[];
  exemplars?: number;
}

const STOP = new Set(["is", "than", "the", "are", "that", "does", "it", "follow", "in", "case", "and", "be", "would", "an"]);

function stats(xs: number[]) {
  if (xs.length === 0) return { mean: 0, min: 0, max: 0 };
  const { min, max } = extent(xs);
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, min, max };
}

/**
 * One design axis over the rows `idx` of `all`, in one pass: its stats (the mean summed in row order,
 * as `stats` sums it) and its histogram (values in order of first sight, as counted one by one).
 */
function axisOf(all: Float64Array, idx: readonly number[]): { stats: { mean: number; min: number; max: number }; histogram: Record<string, number> } {
  if (idx.length === 0) return { stats: { mean: 0, min: 0, max: 0 }, histogram: {} };
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const counts = new Map<number, number>();
  for (const i of idx) {
    const v = all[i] as number;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const histogram: Record<string, number> = {};
  for (const [v, c] of counts) histogram[String(v)] = (histogram[String(v)] ?? 0) + c;
  return { stats: { mean: sum / idx.length, min, max }, histogram };
}

const pct = (x: number) => `${Math.round(100 * x)}%`;

/** Document frequencies of words over the failures: each distinct item's text tokenised once, as word ids. */
interface WordDocs {
  words: string[];
  /** one word-id set per failure */
  docs: Int32Array[];
  /** in how many failures each word occurs */
  dfAll: Float64Array;
}

function wordDocs(failures: readonly Failure[]): WordDocs {
  // a million failures of 200,000 items: 200,000 word sets
  const wordId = new Map<string, number>();
  const wordsOf = new Map<Failure["item"], Int32Array>();
  const docs = failures.map((f) => {
    let ws = wordsOf.get(f.item);
    if (!ws) {
      const ids = new Set<number>();
      for (const w of tokenize(f.item.x)) {
        if (STOP.has(w) || /^\d/.test(w)) continue;
        let id = wordId.get(w);
        if (id === undefined) wordId.set(w, (id = wordId.size));
        ids.add(id);
      }
      ws = Int32Array.from(ids);
      wordsOf.set(f.item, ws);
    }
    return ws;
  });
  const words = [...wordId.keys()];
  const dfAll = new Float64Array(words.length);
  for (const d of docs) for (const w of d) dfAll[w]!++;
  return { words, docs, dfAll };
}

/**
 * Distinctive terms: the largest excess of in-cluster over overall document share, above 0.1 (favours
 * common structural words such as "suppose" or "not" over rare names), five at most.
 */
function distinctiveTerms(wd: WordDocs, idx: readonly number[], n: number): string[] {
  const dfIn = new Float64Array(wd.words.length);
  for (const i of idx) for (const w of wd.docs[i] as Int32Array) dfIn[w]!++;
  return [...dfIn.keys()]
    .filter((w) => (dfIn[w] as number) > 0)
    .map((w) => [wd.words[w] as string, (dfIn[w] as number) / idx.length - (wd.dfAll[w] as number) / n] as const)
    .filter(([, excess]) => excess > 0.1)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 5)
    .map(([w]) => w);
}

/** Which models fail in the cluster, most first (ties by id), with their share of its failures. */
function modelRowsOf(fs: readonly Failure[]): ClusterProfile["models"] {
  const byModel: Record<string, number> = {};
  for (const f of fs) byModel[f.model_id] = (byModel[f.model_id] ?? 0) + 1;
  return Object.entries(byModel)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([model_id, count]) => ({ model_id, count, share: count / Math.max(1, fs.length) }));
}

/** Mean over the cluster's distinct items of 4p(1 − p), p the share of models that fail the item. */
function disagreementOf(fs: readonly Failure[], failedBy: ReadonlyMap<string, number>, nModels: number): number {
  const items = [...new Set(fs.map((f) => f.item_id))];
  if (items.length === 0) return 0;
  return (
    items.reduce((s, id) => {
      const p = Math.min(1, (failedBy.get(id) ?? 0) / nModels);
      return s + 4 * p * (1 - p);
    }, 0) / items.length
  );
}

type Axis = ReturnType<typeof stats>;

/** The one-line description: size and main type, the design axes that stand out, marking terms, the main model. */
function describeCluster(
  size: number,
  typeDistribution: Record<string, number>,
  axes: { depth: Axis; distractors: Axis; operators: Axis },
  overall: { depth: number; distractors: number; operators: number },
  terms: readonly string[],
  top: ClusterProfile["models"][number] | undefined,
): string {
  const [topType, topShare] = Object.entries(typeDistribution)[0] ?? ["?", 0];
  const traits: string[] = [];
  const { depth, distractors, operators } = axes;
  if (depth.mean > overall.depth + 0.75) traits.push(`deep (depth ${depth.mean.toFixed(1)} vs ${overall.depth.toFixed(1)})`);
  else if (depth.mean < overall.depth - 0.75) traits.push(`shallow (depth ${depth.mean.toFixed(1)} vs ${overall.depth.toFixed(1)})`);
  if (distractors.mean > overall.distractors + 0.75) traits.push(`distractor-heavy (${distractors.mean.toFixed(1)} per item)`);
  if (operators.mean > overall.operators + 0.5) traits.push(`operator-dense (${operators.mean.toFixed(1)} kinds)`);
  return [
    `${size} failures, ${pct(topShare)} ${topType}`,
    ...traits,
    ...(terms.length ? [`marked by "${terms.slice(0, 3).join('", "')}"`] : []),
    ...(top ? [`mostly ${top.model_id} (${pct(top.share)})`] : []),
  ].join("; ");
}

/**
 * Describe each cluster of failures: size, type mix, the design axes (stats and histograms),
 * which models fail there and how much they disagree, words that are unusually frequent in
 * its items, exemplars nearest the centroid, and a one-line description. Never reads
 * `structure_id`.
 */
export function profileClusters(failures: readonly Failure[], labels: ArrayLike<number>, opts: ProfileOptions = {}): ClusterProfile[] {
  const n = failures.length;
  const k = n === 0 ? 0 : extent(labels).max + 1;
  const nModels = Math.max(1, (opts.models ?? [...new Set(failures.map((f) => f.model_id))]).length);
  const failedBy = new Map<string, number>();
  for (const f of failures) failedBy.set(f.item_id, (failedBy.get(f.item_id) ?? 0) + 1);
  const wd = wordDocs(failures);
  // the design axes of every failure once, for each cluster's one-pass stats and histograms
  const axes = {
    depth: Float64Array.from(failures, (f) => f.item.depth),
    distractors: Float64Array.from(failures, (f) => f.item.distractor_count),
    operators: Float64Array.from(failures, (f) => f.item.operator_count),
  };
  const overall = {
    depth: stats(failures.map((f) => f.item.depth)).mean,
    distractors: stats(failures.map((f) => f.item.distractor_count)).mean,
    operators: stats(failures.map((f) => f.item.operator_count)).mean,
  };
  const profiles: ClusterProfile[] = [];
  for (let c = 0; c < k; c++) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (labels[i] === c) idx.push(i);
    const fs = idx.map((i) => failures[i] as Failure);
    const types: Record<string, number> = {};
    for (const f of fs) types[f.item.type] = (types[f.item.type] ?? 0) + 1;
    const type_distribution = Object.fromEntries(
      Object.entries(types)
        .sort((a, b) => b[1] - a[1])
        .map(([t, v]) => [t, v / Math.max(1, fs.length)]),
    );
    const models = modelRowsOf(fs);
    const distinctive_terms = distinctiveTerms(wd, idx, n);
    const depthAxis = axisOf(axes.depth, idx);
    const distractorAxis = axisOf(axes.distractors, idx);
    const operatorAxis = axisOf(axes.operators, idx);
    const depth = depthAxis.stats;
    const distractor_count = distractorAxis.stats;
    const operator_count = operatorAxis.stats;
    profiles.push({
      cluster_id: c,
      size: fs.length,
      share: fs.length / Math.max(1, n),
      type_distribution,
      depth,
      distractor_count,
      operator_count,
      depth_histogram: depthAxis.histogram,
      distractor_histogram: distractorAxis.histogram,
      operator_histogram: operatorAxis.histogram,
      models,
      disagreement: disagreementOf(fs, failedBy, nModels),
      distinctive_terms,
      exemplar_failure_ids: exemplars(idx, failures, c, opts),
      description: describeCluster(fs.length, type_distribution, { depth, distractors: distractor_count, operators: operator_count }, overall, distinctive_terms, models[0]),
    });
  }
  return profiles;
}

function exemplars(idx: number[], failures: readonly Failure[], c: number, opts: ProfileOptions): string[] {
  const want = opts.exemplars ?? 3;
  if (want <= 0) return [];
  const { matrix: m, centroids } = opts;
  if (!m || !centroids) return idx.slice(0, want).map((i) => (failures[i] as Failure).failure_id);
  const d = m.cols;
  // the `want` rows nearest the centroid (ties: the earlier row), kept sorted as the scan goes
  const best: [number, number][] = [];
  for (const i of idx) {
    let q = 0;
    for (let j = 0; j < d; j++) q += (m.data[i * d + j]! - centroids.data[c * d + j]!) ** 2;
    if (best.length === want && q >= (best[want - 1] as [number, number])[0]) continue;
    let at = best.length;
    while (at > 0 && q < (best[at - 1] as [number, number])[0]) at--;
    best.splice(at, 0, [q, i]);
    if (best.length > want) best.pop();
  }
  return best.map(([, i]) => (failures[i] as Failure).failure_id);
}
