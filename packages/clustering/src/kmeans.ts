// Long on purpose: Lloyd, Hamerly and k-means++ share the runner state and the hot loops stay
// together so the JIT sees them whole; the thread pool and kernels are in _internal/.
import type { DenseMatrix } from "@fib/geometry";
import { createRng, type Rng } from "@fib/stats";
import { createRunner, type KMeansRunner } from "./_internal/pool.js";

export interface KMeansOptions {
  k: number;
  seed?: number;
  /** independent restarts; the run with the lowest inertia wins (default 1) */
  nInit?: number;
  maxIter?: number;
  /** relative tolerance on the total squared centre shift, scaled by the mean feature variance (scikit-learn's rule; default 1e-4) */
  tol?: number;
  /** "k-means++" (greedy, as scikit-learn; default), "random" rows, or explicit initial centroids (k × d) */
  init?: "k-means++" | "random" | DenseMatrix;
  /**
   * "hamerly" (default: one lower bound per row), "elkan" (a lower bound per row and centre, 8·n·k
   * bytes more: fewer distances, but every bound moves every iteration, in JavaScript — slower than
   * Hamerly on `pnpm bench kmeans`) — both exact, skipping most distance computations — or "lloyd"
   * (every distance, every iteration)
   */
  algorithm?: "elkan" | "hamerly" | "lloyd";
  /**
   * row ranges summed separately and merged in order, each on its own thread where the machine has
   * the cores (default: {@link DEFAULT_PARTS} when n·k·d ≥ 2·10⁶, else 1). The sums, and so the
   * centroids' last digits, the iterations and sometimes the labels, depend on this number; never on
   * the machine: a machine with fewer cores runs the same ranges on fewer threads.
   */
  threads?: number;
  /**
   * compute distances with the WebAssembly SIMD kernels (the matrix is copied into their memory
   * once) or in plain JavaScript; default: SIMD when the runtime has it and rows × columns ≥ 50,000.
   * Both add every product in the same order: the results are identical.
   */
  simd?: boolean;
  /** record the inertia of every assignment step in `inertiaHistory` (one extra pass a step) */
  trackInertia?: boolean;
}

export interface KMeansResult {
  labels: Int32Array;
  centroids: DenseMatrix;
  inertia: number;
  iterations: number;
  converged: boolean;
  /** inertia after each assignment step (only with trackInertia) */
  inertiaHistory: number[];
  k: number;
  seed: number;
}

/**
 * Row ranges of a large k-means run when `threads` is not given: a constant, not the machine's core
 * count, so that a run's centroids are the same bits on every machine (with every core, an 8-core
 * machine summed in eight ranges and a 2-core one in two: different last digits, iterations and,
 * now and then, labels — and a recorded run would not replay elsewhere). Two: the cores this was
 * measured on; pass `threads` for more.
 */
export const DEFAULT_PARTS = 2;

/**
 * k-means on a row-major matrix. Follows scikit-learn's Lloyd semantics — assignment,
 * centre update, empty clusters moved to the points farthest from their centres,
 * convergence when labels stop changing or the total squared centre shift falls below
 * `tol · mean feature variance`, then a final assignment to the final centres — so that, from
 * the same initial centroids, it reaches the same labels and inertia. Hamerly's bounds let
 * most iterations skip most distance computations without changing the result, and row
 * ranges are split across worker threads. `x` is a row-major `{rows, cols, data}` matrix, or
 * rows as `number[][]` (converted once, here).
 */
export function kmeans(input: DenseMatrix | readonly (readonly number[])[], opts: KMeansOptions): KMeansResult {
  const x = asMatrix(input, "kmeans");
  const { rows: n, cols: d } = x;
  const k = opts.k;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`kmeans: k must be a positive integer, got ${k}`);
  if (k > n) throw new RangeError(`kmeans: k = ${k} is more than the ${n} points`);
  const seed = opts.seed ?? 0;
  const nInit = opts.nInit ?? 1;
  const threads = opts.threads ?? (n * k * d >= 2e6 ? DEFAULT_PARTS : 1);
  const trials = 2 + Math.floor(Math.log(k));
  const algorithm = opts.algorithm ?? "hamerly";
  const runner = createRunner(x.data, n, d, k, trials, threads, algorithm === "elkan", opts.simd);
  // squared row norms, and the mean feature variance for scikit-learn's tolerance, in one parallel pass
  const { colSum, sqTotal } = runner.norms();
  let meanSq = 0;
  for (let j = 0; j < d; j++) meanSq += (colSum[j]! / n) ** 2;
  const meanVariance = Math.max(0, sqTotal / n - meanSq) / d;
  const rng = createRng(seed, "kmeans");
  let best: KMeansResult | null = null;
  for (let run = 0; run < nInit; run++) {
    const init = initialCentroids(runner, n, k, opts.init ?? "k-means++", rng.fork(`init/${run}`));
    const r = lloyd(runner, n, init, meanVariance, algorithm, opts);
    if (best === null || r.inertia < best.inertia) best = { ...r, k, seed };
    if (typeof opts.init === "object") break; // explicit centroids: restarts would be identical
  }
  return best as KMeansResult;
}

/**
 * The matrix an operator was given, checked at the edge: `{rows, cols, data: Float64Array}` with
 * `data.length === rows·cols`, or `number[][]` of equal-length rows of finite numbers (converted once). Anything else is a TypeError that says what shape was expected.
 */
export function asMatrix(input: unknown, op: string): DenseMatrix {
  const expected = `${op}: expected a matrix {rows, cols, data: Float64Array} (row-major) or rows as number[][]`;
  if (Array.isArray(input)) {
    const rows = input.length;
    const cols = rows === 0 ? 0 : Array.isArray(input[0]) ? (input[0] as unknown[]).length : -1;
    if (cols < 1) throw new TypeError(`${expected}; got ${rows === 0 ? "no rows" : "rows that are not arrays of numbers"}`);
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const r = input[i] as unknown;
      if (!Array.isArray(r) || r.length !== cols) throw new TypeError(`${op}: row ${i} has ${Array.isArray(r) ? r.length : "no"} values, expected ${cols} like row 0`);
      for (let j = 0; j < cols; j++) {
        const v = r[j];
        if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`${op}: row ${i}, column ${j} is ${JSON.stringify(v)}, expected a finite number`);
        data[i * cols + j] = v;
      }
    }
    return { rows, cols, data };
  }
  const m = input as Partial<DenseMatrix> | null;
  if (!m || typeof m !== "object" || !(m.data instanceof Float64Array) || !Number.isInteger(m.rows) || !Number.isInteger(m.cols) || (m.cols as number) < 1 || (m.rows as number) < 0) {
    throw new TypeError(`${expected}; got ${m === null ? "null" : typeof m === "object" ? `an object with keys ${Object.keys(m).join(", ") || "(none)"}` : typeof m}`);
  }
  if (m.data.length !== (m.rows as number) * (m.cols as number)) throw new TypeError(`${op}: data has ${m.data.length} values, rows × cols = ${(m.rows as number) * (m.cols as number)}`);
  return m as DenseMatrix;
}

function initialCentroids(runner: KMeansRunner, n: number, k: number, init: KMeansOptions["init"], rng: Rng): Float64Array {
  const { x, d } = runner.st;
  if (typeof init === "object") {
    if (init.rows !== k || init.cols !== d) throw new RangeError(`kmeans: init centroids are ${init.rows}×${init.cols}, expected ${k}×${d}`);
    return Float64Array.from(init.data);
  }
  const centers = new Float64Array(k * d);
  if (init === "random") {
    const chosen = new Set<number>();
    while (chosen.size < k) chosen.add(rng.int(0, n - 1));
    for (const [j, i] of [...chosen].entries()) centers.set(x.subarray(i * d, (i + 1) * d), j * d);
    return centers;
  }
  return kmeansPlusPlus(runner, n, k, rng, centers);
}

/**
 * Greedy k-means++ (Arthur & Vassilvitskii; scikit-learn's variant): the first centre is a
 * uniform draw; each next one is the best of 2 + ⌊ln k⌋ candidates sampled proportionally to
 * the squared distance to the nearest chosen centre.
 */
function kmeansPlusPlus(runner: KMeansRunner, n: number, k: number, rng: Rng, centers: Float64Array): Float64Array {
  const { st } = runner;
  const { x, d, trials, closest, cands, candDist, pots } = st;
  const first = rng.int(0, n - 1);
  centers.set(x.subarray(first * d, (first + 1) * d), 0);
  closest.fill(Number.POSITIVE_INFINITY);
  cands[0] = first;
  runner.candidates(1); // one candidate: candDist[i] is the distance to the first centre
  for (let i = 0; i < n; i++) closest[i] = candDist[i]!;
  const cumulative = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += closest[i]!;
      cumulative[i] = acc;
    }
    for (let t = 0; t < trials; t++) {
      const r = rng.float() * acc;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! <= r) lo = mid + 1;
        else hi = mid;
      }
      cands[t] = lo;
    }
    runner.candidates();
    let bestT = 0;
    let bestPot = Number.POSITIVE_INFINITY;
    for (let t = 0; t < trials; t++) {
      let pot = 0;
      for (let s = 0; s < runner.parts; s++) pot += pots[s * trials + t]!;
      if (pot < bestPot) {
        bestPot = pot;
        bestT = t;
      }
    }
    const chosen = cands[bestT]!;
    centers.set(x.subarray(chosen * d, (chosen + 1) * d), c * d);
    for (let i = 0; i < n; i++) closest[i] = candDist[i * trials + bestT]!;
  }
  return centers;
}

function lloyd(runner: KMeansRunner, n: number, init: Float64Array, meanVariance: number, algorithm: "elkan" | "hamerly" | "lloyd", opts: KMeansOptions): Omit<KMeansResult, "k" | "seed"> {
  const { st } = runner;
  const { x, d, k, c, cn, s, labels, upper, lower, sums, counts } = st;
  const maxIter = opts.maxIter ?? 300;
  const hamerly = algorithm === "hamerly";
  const elkan = algorithm === "elkan";
  const bounded = hamerly || elkan;
  const tol = (opts.tol ?? 1e-4) * meanVariance; // scikit-learn: tol scaled by the mean feature variance
  c.set(init);
  labels.fill(-1); // as scikit-learn: the first iteration can never look converged
  const next = new Float64Array(k * d);
  const cnt = new Float64Array(k);
  const prev = new Int32Array(n);
  const shift = new Float64Array(k);
  const inertiaHistory: number[] = [];
  let iterations = 0;
  let converged = false;
  let strict = false;
  const total = new Float64Array(k * d); // running centre sums
  const totalCount = new Float64Array(k);
  for (let it = 0; it < maxIter; it++) {
    prepareCentres(c, cn, s, k, d, bounded && it > 0 ? st.cc : null);
    prev.set(labels);
    const mode = bounded && it > 0 ? 1 : 0;
    // the kernels count the rows whose label changed: no pass over the labels here
    const changed = elkan && mode === 1 ? runner.elkan() : runner.assign(mode);
    if (opts.trackInertia) inertiaHistory.push(inertiaOf({ rows: n, cols: d, data: x }, c, labels));
    iterations = it + 1;
    // merge the threads' partial sums (mode 0) or changes (mode 1) into the running sums
    if (mode === 0) {
      total.fill(0);
      totalCount.fill(0);
    }
    for (let t = 0; t < runner.parts; t++) {
      for (let q = 0; q < k * d; q++) total[q]! += sums[t * k * d + q]!;
      for (let q = 0; q < k; q++) totalCount[q]! += counts[t * k + q]!;
    }
    // empty clusters → farthest points (moves rows between the running sums)
    const relocated = relocateEmpty(x, n, d, c, labels, totalCount, total);
    next.set(total);
    cnt.set(totalCount);
    let shiftTotal = 0;
    let maxShift = 0;
    for (let cc = 0; cc < k; cc++) {
      if (cnt[cc]! > 0) for (let j = 0; j < d; j++) next[cc * d + j]! /= cnt[cc]!;
      let q = 0;
      for (let j = 0; j < d; j++) q += (next[cc * d + j]! - c[cc * d + j]!) ** 2;
      shiftTotal += q;
      shift[cc] = Math.sqrt(q);
      if (shift[cc]! > maxShift) maxShift = shift[cc]!;
    }
    c.set(next);
    if (bounded) {
      // the next pass moves every bound by its centre's shift (and Hamerly's lower by the largest)
      st.shift.set(shift);
      st.shift[k] = maxShift;
      for (const i of relocated) {
        upper[i] = Number.POSITIVE_INFINITY; // its bounds refer to a centre it left: force a full scan of the row
        if (elkan) st.lowerK.fill(0, i * k, (i + 1) * k);
        else lower[i] = 0;
      }
    }
    let same = changed === 0 && relocated.length === 0;
    if (relocated.length > 0) {
      // an empty cluster took rows: compare the labels themselves (rare)
      same = true;
      for (let i = 0; i < n && same; i++) same = labels[i] === prev[i];
    }
    if (same || shiftTotal <= tol) {
      converged = true; // strict (labels unchanged) or within tolerance
      strict = same;
      break;
    }
  }
  // final assignment to the final centres, as scikit-learn does (not needed after strict convergence)
  if (!strict) {
    prepareCentres(c, cn, s, k, d, null);
    runner.assign(0);
  }
  const centroids = Float64Array.from(c);
  const outLabels = Int32Array.from(labels);
  return {
    labels: outLabels,
    centroids: { rows: k, cols: d, data: centroids },
    inertia: runner.inertia(),
    iterations,
    converged,
    inertiaHistory,
  };
}

/** ‖c‖² per centre; with `cc`, half the distance between every two centres (cc, k × k) and each centre's smallest (s). */
function prepareCentres(c: Float64Array, cn: Float64Array, s: Float64Array, k: number, d: number, cc: Float64Array | null): void {
  for (let a = 0; a < k; a++) {
    let q = 0;
    for (let j = 0; j < d; j++) q += c[a * d + j]! * c[a * d + j]!;
    cn[a] = q;
  }
  if (!cc) return;
  s.fill(Number.POSITIVE_INFINITY);
  for (let a = 0; a < k; a++) {
    cc[a * k + a] = 0;
    for (let b = a + 1; b < k; b++) {
      let q = 0;
      for (let j = 0; j < d; j++) q += (c[a * d + j]! - c[b * d + j]!) ** 2;
      const h = Math.sqrt(q) / 2;
      cc[a * k + b] = h;
      cc[b * k + a] = h;
      if (h < s[a]!) s[a] = h;
      if (h < s[b]!) s[b] = h;
    }
  }
}

/** scikit-learn's rule: each empty cluster takes the point farthest from its current centre. */
function relocateEmpty(x: Float64Array, n: number, d: number, centers: Float64Array, labels: Int32Array, counts: Float64Array, sums: Float64Array): number[] {
  const k = counts.length;
  const empty: number[] = [];
  for (let cc = 0; cc < k; cc++) if (counts[cc] === 0) empty.push(cc);
  if (empty.length === 0) return [];
  const dist = Float64Array.from({ length: n }, (_, i) => {
    let q = 0;
    const o = labels[i]! * d;
    for (let j = 0; j < d; j++) q += (x[i * d + j]! - centers[o + j]!) ** 2;
    return q;
  });
  const far = Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => dist[b]! - dist[a]! || a - b)
    .slice(0, empty.length);
  empty.forEach((cc, t) => {
    const i = far[t]!;
    const old = labels[i]!;
    for (let j = 0; j < d; j++) {
      sums[old * d + j]! -= x[i * d + j]!;
      sums[cc * d + j] = x[i * d + j]!;
    }
    counts[old]!--;
    counts[cc] = 1;
    labels[i] = cc;
  });
  return far;
}

/** Sum of squared distances of every row to its centroid. */
export function inertiaOf(x: DenseMatrix, centers: Float64Array, labels: Int32Array): number {
  const { rows: n, cols: d, data } = x;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const o = labels[i]! * d;
    for (let j = 0; j < d; j++) s += (data[i * d + j]! - centers[o + j]!) ** 2;
  }
  return s;
}
