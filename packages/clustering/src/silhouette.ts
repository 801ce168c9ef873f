import type { DenseMatrix } from "@fib/geometry";
import { wasmExports, wasmKernel, wasmMemory } from "@fib/geometry/internal";
import { encode, type Labels } from "./_internal/contingency.js";
import { PDIST_WASM } from "./pdistWasm.js";

/**
 * Mean silhouette coefficient (Euclidean), as scikit-learn's `silhouette_score`: for each
 * point, (b − a) / max(a, b) with a the mean distance to its own cluster and b the lowest mean
 * distance to another cluster; a point alone in its cluster scores 0. `rows` restricts the
 * points scored (and compared with) to a sample. NaN with fewer than 2 clusters or when every
 * point is its own cluster.
 */
export function silhouetteScore(x: DenseMatrix, labels: Labels, opts: { rows?: readonly number[] } = {}): number {
  if (labels.length !== x.rows) throw new RangeError(`silhouetteScore: ${labels.length} labels for ${x.rows} rows`);
  const idx = opts.rows ?? Array.from({ length: x.rows }, (_, i) => i);
  for (const i of idx) if (!Number.isInteger(i) || i < 0 || i >= x.rows) throw new RangeError(`silhouetteScore: row index ${i} is outside 0…${x.rows - 1}`);
  // one row of distances at a time: O(m) memory whatever the number of points
  const row = new Float64Array(idx.length);
  return meanSilhouette(
    identity(idx.length),
    idx.map((i) => labels[i] as number | string),
    (p) => {
      for (let q = 0; q < idx.length; q++) row[q] = q === p ? 0 : distance(x, idx[p]!, idx[q]!);
      return row;
    },
  );
}

/** √Σ(x_a − x_b)², summed in column order. */
function distance(x: DenseMatrix, a: number, b: number): number {
  const d = x.cols;
  const ao = a * d;
  const bo = b * d;
  let s = 0;
  for (let j = 0; j < d; j++) {
    const v = x.data[ao + j]! - x.data[bo + j]!;
    s += v * v;
  }
  return Math.sqrt(s);
}

/**
 * Euclidean distances between the rows `idx` of x (m × m, symmetric, zero diagonal), as
 * silhouetteScore computes them. chooseK computes them once for its fixed sample and scores every
 * k from them (they do not depend on the clustering): 2,000 rows are 32 MB.
 */
export function pairwiseDistances(x: DenseMatrix, idx: readonly number[]): Float64Array {
  const m = idx.length;
  const fast = m > 2 ? pairwiseDistancesWasm(x, idx) : null;
  if (fast) return fast;
  const out = new Float64Array(m * m);
  for (let p = 0; p < m; p++) {
    for (let q = p + 1; q < m; q++) {
      const r = distance(x, idx[p]!, idx[q]!);
      out[p * m + q] = r;
      out[q * m + p] = r;
    }
  }
  return out;
}

const pdistModule = wasmKernel(PDIST_WASM);

/**
 * pairwiseDistances in pdist.wat (two pairs of rows per SIMD step, each summed in column order: the
 * same numbers). The result is a view of the kernel's own memory (no copy of the m² distances); null
 * where WebAssembly SIMD or the memory cannot be had, and the JavaScript loop runs instead.
 */
function pairwiseDistancesWasm(x: DenseMatrix, idx: readonly number[]): Float64Array | null {
  const m = idx.length;
  const d = x.cols;
  const module = pdistModule();
  const blocks = Math.ceil(m / 2);
  const mem = module ? wasmMemory(8 * (m * m + m * d + 2 * blocks * d)) : null;
  if (!module || !mem) return null;
  const out = new Float64Array(mem.buffer, 0, m * m);
  const rows = new Float64Array(mem.buffer, 8 * m * m, m * d);
  const pairs = new Float64Array(mem.buffer, 8 * (m * m + m * d), 2 * blocks * d);
  for (let p = 0; p < m; p++) {
    const src = idx[p]! * d;
    for (let j = 0; j < d; j++) {
      const v = x.data[src + j]!;
      rows[p * d + j] = v;
      pairs[(p >> 1) * 2 * d + 2 * j + (p & 1)] = v;
    }
  }
  const { pdist, mirror } = wasmExports<{ pdist(x: number, xb: number, m: number, d: number, out: number, p0: number, p1: number): void; mirror(out: number, m: number): void }>(module, mem);
  // many short calls, not one long one: V8 runs a WebAssembly function in its baseline compiler until
  // it has been called often enough to be optimised, and a call in progress is never switched over
  for (let p0 = 0; p0 < m; p0 += 8) pdist(rows.byteOffset, pairs.byteOffset, m, d, 0, p0, Math.min(m, p0 + 8));
  mirror(0, m);
  return out;
}

/** The mean silhouette of `labels` (one per row of the m × m matrix `dist`), the same number silhouetteScore gives. */
export function silhouetteFromDistances(dist: Float64Array, labels: Labels): number {
  const m = labels.length;
  if (dist.length !== m * m) throw new RangeError(`silhouetteFromDistances: ${dist.length} distances for ${m} labels`);
  return meanSilhouette(identity(m), labels, (p) => dist.subarray(p * m, (p + 1) * m));
}

/**
 * The mean silhouette of a sample whose rows repeat (failures of one item by several models share
 * its features): `dist` holds the u × u distances between the sample's distinct rows, `of[p]` the
 * distinct row of point p. Points with the same row and the same label have the same silhouette,
 * so each (row, label) unit is scored once and weighted by its count: O(units²) instead of O(m²),
 * the same number as silhouetteScore up to rounding (sums are grouped). NaN as silhouetteScore.
 */
export function silhouetteOfRepeatedRows(dist: Float64Array, of: Int32Array, labels: Labels): number {
  const u = Math.round(Math.sqrt(dist.length));
  if (u * u !== dist.length || of.length !== labels.length) throw new RangeError(`silhouetteOfRepeatedRows: ${dist.length} distances, ${of.length} rows and ${labels.length} labels`);
  return meanSilhouette(of, labels, (r) => dist.subarray(r * u, (r + 1) * u));
}

const identity = (m: number) => Int32Array.from({ length: m }, (_, i) => i);

/**
 * The mean over points of (b − a) / max(a, b). Point p sits on row `of[p]`; `rowOf(r)` gives row r's
 * distances to every row (0 to itself). Points with the same row and label are one unit, scored once
 * and weighted by its count; with every point its own row, the sums run in point order as a plain
 * loop's would (its own distance, 0, adds nothing), so the number is silhouetteScore's exactly.
 */
function meanSilhouette(of: Int32Array, labels: Labels, rowOf: (r: number) => Float64Array): number {
  const m = labels.length;
  const { codes, count } = encode(labels);
  if (count < 2 || count >= m) return Number.NaN;
  const sizes = new Float64Array(count);
  const unitOf = new Map<number, number>();
  const unitRow: number[] = [];
  const unitCode: number[] = [];
  const weight: number[] = [];
  for (let p = 0; p < m; p++) {
    const code = codes[p]!;
    sizes[code]!++;
    const key = of[p]! * count + code;
    const at = unitOf.get(key);
    if (at !== undefined) weight[at]!++;
    else {
      unitOf.set(key, weight.length);
      unitRow.push(of[p]!);
      unitCode.push(code);
      weight.push(1);
    }
  }
  const sums = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < weight.length; i++) {
    const own = unitCode[i]!;
    if (sizes[own]! <= 1) continue; // silhouette 0
    const row = rowOf(unitRow[i]!);
    sums.fill(0);
    for (let j = 0; j < weight.length; j++) sums[unitCode[j]!]! += weight[j]! * row[unitRow[j]!]!;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < count; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    total += (weight[i]! * (b - a)) / Math.max(a, b);
  }
  return total / m;
}
