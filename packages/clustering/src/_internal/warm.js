// @ts-nocheck — plain JavaScript like kernels.js (shipped to the worker threads as source); typed in warm.d.ts.
/**
 * Run freshly specialised kernels on synthetic rows of their width a few times, so that the first
 * real call (the first iteration of a run, timed by users and benches) gets optimised code rather
 * than the interpreter's. Self-contained (shipped to the workers as source); a few ms per width.
 */
export function warmKernels(dj, assign, candidates, elkan, norms, inertia, sqd, d) {
  const n = 2048;
  const k = 8;
  const t = 4;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = Math.sin(i);
  const xn = new Float64Array(n).fill(1);
  const c = x.slice(0, k * d);
  const cn = new Float64Array(k);
  const s = new Float64Array(k);
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const closest = new Float64Array(n).fill(Infinity);
  const cands = new Int32Array([0, 1, 2, 3]);
  const candDist = new Float64Array(n * t);
  const pots = new Float64Array(t);
  const lowerK = new Float64Array(n * k);
  const noBounds = new Float64Array(0);
  const cc = new Float64Array(k * k);
  const shift = new Float64Array(k + 1);
  const scratch = new Int32Array(n);
  const part = new Float64Array(d + 1);
  const out = new Float64Array(256 * k);
  const offs = new Int32Array(23);
  offs[4] = k;
  const candRows = x.slice(0, t * d);
  const copyOf = x.slice(); // normsKernel's copying pass (same values: x is unchanged)
  for (let r = 0; r < 24; r++) {
    assign(x, xn, d, c, cn, k, s, labels, upper, lower, sums, counts, 0, r % 2, 0, n, scratch, r % 3 === 0 ? lowerK : noBounds, shift, null, dj, out, offs, sqd);
    elkan(x, xn, d, c, cn, k, cc, s, shift, labels, upper, lowerK, sums, counts, 0, 0, n);
    norms(x, d, xn, part, 0, 0, n, r % 2 === 0 ? x : copyOf);
    inertia(x, d, c, labels, part, 0, 0, n);
    candidates(x, xn, d, closest, cands, t, candDist, pots, 0, 0, n, scratch, candRows, null, dj, out, offs);
  }
}
