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

function histogram(xs: number[]): Record<string, number> {
  const h: Record<string, number> = {};
  for (const x of xs) h[String(x)] = (h[String(x)] ?? 0) + 1;
  return h;
}

const pct = (x: number) => `${Math.round(100 * x)}%`;

/**
 * Describe each cluster of failures: size, type mix, the design axes (stats and histograms),
 * which models fail there and how much they disagree, words that are unusually frequent in
 * its items, exemplars nearest the centroid, and a one-line description. Never reads
 * `structure_id`.
 */
export function profileClusters(failures: readonly Failure[], labels: ArrayLike<number>, opts: ProfileOptions = {}): ClusterProfile[] {
  const n = failures.length;
  const k = n === 0 ? 0 : extent(labels).max + 1;
  const models = opts.models ?? [...new Set(failures.map((f) => f.model_id))];
  const nModels = Math.max(1, models.length);
  const failedBy = new Map<string, number>();
  for (const f of failures) failedBy.set(f.item_id, (failedBy.get(f.item_id) ?? 0) + 1);
  // document frequency of words over all failures, for distinctive terms: each distinct item's
  // text tokenised once (a million failures of 200,000 items: 200,000 word sets, as word ids)
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
    const byModel: Record<string, number> = {};
    for (const f of fs) byModel[f.model_id] = (byModel[f.model_id] ?? 0) + 1;
    const modelRows = Object.entries(byModel)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([model_id, count]) => ({ model_id, count, share: count / Math.max(1, fs.length) }));
    const items = [...new Set(fs.map((f) => f.item_id))];
    const disagreement =
      items.length === 0
        ? 0
        : items.reduce((s, id) => {
            const p = Math.min(1, (failedBy.get(id) ?? 0) / nModels);
            return s + 4 * p * (1 - p);
          }, 0) / items.length;
    // distinctive terms: the largest excess of in-cluster over overall document share (favours
    // common structural words such as "suppose" or "not" over rare names)
    const dfIn = new Float64Array(words.length);
    for (const i of idx) for (const w of docs[i] as Int32Array) dfIn[w]!++;
    const distinctive_terms = [...dfIn.keys()]
      .filter((w) => (dfIn[w] as number) > 0)
      .map((w) => [words[w] as string, (dfIn[w] as number) / fs.length - (dfAll[w] as number) / n] as const)
      .filter(([, excess]) => excess > 0.1)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 5)
      .map(([w]) => w);
    const exemplar_failure_ids = exemplars(idx, failures, c, opts);
    const depth = stats(fs.map((f) => f.item.depth));
    const distractor_count = stats(fs.map((f) => f.item.distractor_count));
    const operator_count = stats(fs.map((f) => f.item.operator_count));
    const [topType, topShare] = Object.entries(type_distribution)[0] ?? ["?", 0];
    const traits: string[] = [];
    if (depth.mean > overall.depth + 0.75) traits.push(`deep (depth ${depth.mean.toFixed(1)} vs ${overall.depth.toFixed(1)})`);
    else if (depth.mean < overall.depth - 0.75) traits.push(`shallow (depth ${depth.mean.toFixed(1)} vs ${overall.depth.toFixed(1)})`);
    if (distractor_count.mean > overall.distractors + 0.75) traits.push(`distractor-heavy (${distractor_count.mean.toFixed(1)} per item)`);
    if (operator_count.mean > overall.operators + 0.5) traits.push(`operator-dense (${operator_count.mean.toFixed(1)} kinds)`);
    const top = modelRows[0];
    const description = [
      `${fs.length} failures, ${pct(topShare)} ${topType}`,
      ...traits,
      ...(distinctive_terms.length ? [`marked by "${distinctive_terms.slice(0, 3).join('", "')}"`] : []),
      ...(top ? [`mostly ${top.model_id} (${pct(top.share)})`] : []),
    ].join("; ");
    profiles.push({
      cluster_id: c,
      size: fs.length,
      share: fs.length / Math.max(1, n),
      type_distribution,
      depth,
      distractor_count,
      operator_count,
      depth_histogram: histogram(fs.map((f) => f.item.depth)),
      distractor_histogram: histogram(fs.map((f) => f.item.distractor_count)),
      operator_histogram: histogram(fs.map((f) => f.item.operator_count)),
      models: modelRows,
      disagreement,
      distinctive_terms,
      exemplar_failure_ids,
      description,
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
