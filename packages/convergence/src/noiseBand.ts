import { adjustedRandIndex, kmeans } from "@fib/clustering";
import { createRng, deriveSeed, groupIndices, quantile } from "@fib/stats";
import { centroidDrift } from "./centroidDrift.js";

/** A row-major matrix (the failures of one round in the loop's fixed feature space). */
export interface Rows {
  rows: number;
  cols: number;
  data: Float64Array;
}

export interface NoiseBand {
  /** resample sizes, in units (rows, or groups): the previous round's, this round's */
  sizes: [number, number];
  n_reps: number;
  /** centroid drift between clusterings of two independent same-distribution draws */
  drift: { p50: number; p95: number; mean: number };
  /** ARI on the failures both draws hold; null when they never share two */
  ari: { p5: number; p50: number } | null;
}

type Rng = ReturnType<typeof createRng>;
type BandOptions = { k: number; seed: number; sizes: [number, number]; nReps?: number; nInit?: number; groups?: readonly string[] };

/** The rows `idx` of x, in that order. */
function subRows(x: Rows, idx: Int32Array): Rows {
  const data = new Float64Array(idx.length * x.cols);
  for (let t = 0; t < idx.length; t++) data.set(x.data.subarray((idx[t] as number) * x.cols, ((idx[t] as number) + 1) * x.cols), t * x.cols);
  return { rows: idx.length, cols: x.cols, data };
}

const distinctRows = (m: Rows) => new Set(Array.from({ length: m.rows }, (_, i) => m.data.subarray(i * m.cols, (i + 1) * m.cols).join(","))).size;
const asArrays = (c: Rows) => Array.from({ length: c.rows }, (_, i) => Array.from(c.data.subarray(i * c.cols, (i + 1) * c.cols)));

/** n units drawn with replacement, as their rows. */
function drawUnits(units: readonly number[][], n: number, rng: Rng): Int32Array {
  const out: number[] = [];
  for (let t = 0; t < Math.max(1, n); t++) out.push(...(units[rng.int(0, units.length - 1)] as number[]));
  return Int32Array.from(out);
}

/**
 * Drift between two disjoint halves of the units (bootstrap samples share points and drift less
 * than independent draws do), the second warm-started from the first, rescaled from the halves'
 * sizes to the sizes compared as sampling noise scales, √(1/n₁ + 1/n₂); null when a half is empty.
 */
function halvesDrift(x: Rows, units: readonly number[][], k: number, rng: Rng, opts: BandOptions, r: number): number | null {
  const order = Array.from({ length: units.length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const half = Math.floor(order.length / 2);
  const h1 = Int32Array.from(order.slice(0, half).flatMap((u) => units[u] as number[]));
  const h2 = Int32Array.from(order.slice(half).flatMap((u) => units[u] as number[]));
  const kh = Math.min(k, h1.length ? distinctRows(subRows(x, h1)) : 0, h2.length ? distinctRows(subRows(x, h2)) : 0);
  if (kh < 1) return null;
  const k1 = kmeans(subRows(x, h1), { k: kh, seed: deriveSeed(opts.seed, `noise-band/${r}/h1`), nInit: opts.nInit ?? 4 });
  const k2 = kmeans(subRows(x, h2), { k: kh, seed: deriveSeed(opts.seed, `noise-band/${r}/h2`), init: k1.centroids });
  const d = centroidDrift(asArrays(k1.centroids), asArrays(k2.centroids));
  const scale = Math.sqrt((1 / Math.max(1, opts.sizes[0]) + 1 / Math.max(1, opts.sizes[1])) / (1 / half + 1 / (order.length - half)));
  return d ? d.mean * scale : null;
}

/** ARI on the distinct rows both samples drew (a row drawn twice has one label); null below two. */
function sharedAri(ia: Int32Array, la: ArrayLike<number>, ib: Int32Array, lb: ArrayLike<number>): number | null {
  const labelA = new Map<number, number>();
  ia.forEach((i, t) => {
    labelA.set(i, la[t] as number);
  });
  const labelB = new Map<number, number>();
  ib.forEach((i, t) => {
    labelB.set(i, lb[t] as number);
  });
  const p: number[] = [];
  const q: number[] = [];
  for (const [i, l] of labelA) {
    const m = labelB.get(i);
    if (m === undefined) continue;
    p.push(l);
    q.push(m);
  }
  return p.length >= 2 ? adjustedRandIndex(p, q) : null;
}

/**
 * H3's noise floor, measured on the run's own failures: how far the centroids move, and how
 * much the assignments disagree, when nothing changes but the sample. Resampling units are rows
 * or, with `groups`, whole items (the failures of one item share its features and are not
 * independent). Each replicate splits the units into two disjoint halves, clusters the first
 * as the loop clusters round 0 (k-means++ with restarts) and the second warm-started from the
 * first's centroids, as the loop clusters every later round, and records the Hungarian-matched
 * drift, rescaled from the halves' sizes to the two sizes compared; and it draws two bootstrap
 * samples of those sizes, clustered the same way, for the ARI on the failures both drew. A loop whose round-to-round drift stays inside
 * this band (below its 95th percentile, ARI above its 5th) is indistinguishable from a
 * stationary one.
 */
export function convergenceNoiseBand(x: Rows, opts: BandOptions): NoiseBand {
  const nReps = opts.nReps ?? 30;
  const drifts: number[] = [];
  const aris: number[] = [];
  // resampling units: rows, or groups of rows (all failures of one item move together)
  const units: number[][] = opts.groups ? [...groupIndices(opts.groups).values()] : Array.from({ length: x.rows }, (_, i) => [i]);
  for (let r = 0; r < nReps; r++) {
    const rng = createRng(deriveSeed(opts.seed, `noise-band/${r}`));
    const ia = drawUnits(units, opts.sizes[0], rng);
    const ib = drawUnits(units, opts.sizes[1], rng);
    const a = subRows(x, ia);
    const b = subRows(x, ib);
    const k = Math.min(opts.k, distinctRows(a), distinctRows(b));
    if (k < 1) continue;
    const ka = kmeans(a, { k, seed: deriveSeed(opts.seed, `noise-band/${r}/a`), nInit: opts.nInit ?? 4 });
    const kb = kmeans(b, { k, seed: deriveSeed(opts.seed, `noise-band/${r}/b`), init: ka.centroids });
    const drift = halvesDrift(x, units, k, rng, opts, r);
    if (drift !== null) drifts.push(drift);
    const ari = sharedAri(ia, ka.labels, ib, kb.labels);
    if (ari !== null) aris.push(ari);
  }
  return {
    sizes: opts.sizes,
    n_reps: nReps,
    drift: { p50: quantile(drifts, 0.5), p95: quantile(drifts, 0.95), mean: drifts.reduce((s, v) => s + v, 0) / Math.max(1, drifts.length) },
    ari: aris.length ? { p5: quantile(aris, 0.05), p50: quantile(aris, 0.5) } : null,
  };
}
