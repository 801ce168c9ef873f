import type { dotsJs, sqdistJs } from "./rowKernels.js";

/** dots.wat's exports, every argument a byte offset or a count. */
export interface DotsExports {
  /** out[t·k + c] = x[idx[t]] · centre c, the centres transposed (cT[j·kp + c], kp even) */
  dots(x: number, idx: number, m: number, cT: number, kp: number, k: number, d: number, out: number): void;
  /** one Hamerly pass over rows [i0, i1) (bounds moved, tightened, unsure rows scanned; mode-1 sums); returns the count of labels changed */
  hamerly(
    x: number,
    cen: number,
    cT: number,
    kp: number,
    k: number,
    d: number,
    tmp: number,
    cn: number,
    xn: number,
    labels: number,
    upper: number,
    lower: number,
    s: number,
    shift: number,
    counts: number,
    sums: number,
    i0: number,
    i1: number,
  ): number;
  /** the m rows at idx: dot products, nearest centre, label, bounds, centre sums (mode 0: added; mode 1: moved); returns the count of labels changed */
  scan(
    x: number,
    idx: number,
    m: number,
    cT: number,
    kp: number,
    k: number,
    d: number,
    tmp: number,
    cn: number,
    xn: number,
    labels: number,
    upper: number,
    lower: number,
    counts: number,
    sums: number,
    mode: number,
  ): number;
  /** sums[labels[i]] += x[i] for i = idx[t], in order */
  addrows(x: number, idx: number, m: number, labels: number, sums: number, d: number): void;
  /** k-means++ candidate distances and potentials for rows [i0, i1) (see candidateKernel) */
  candidates(x: number, xn: number, i0: number, i1: number, cT: number, kp: number, candXn: number, trials: number, d: number, closest: number, candDist: number, pots: number, tmp: number): void;
}

/** See kernels.js. */
export declare function assignKernel(
  x: Float64Array,
  xn: Float64Array,
  d: number,
  c: Float64Array,
  cn: Float64Array,
  k: number,
  s: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  slot: number,
  mode: number,
  i0: number,
  i1: number,
  scratch: Int32Array,
  lowerK: Float64Array,
  shift: Float64Array,
  wasm: DotsExports | null,
  dotsJs: typeof dotsJs,
  out: Float64Array,
  offs: Int32Array,
  sqd: typeof sqdistJs,
): number;

/** See kernels.js. */
export declare function elkanKernel(
  x: Float64Array,
  xn: Float64Array,
  d: number,
  c: Float64Array,
  cn: Float64Array,
  k: number,
  cc: Float64Array,
  s: Float64Array,
  shift: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lowerK: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  slot: number,
  i0: number,
  i1: number,
): number;

/** See kernels.js. */
export declare function candidateKernel(
  x: Float64Array,
  xn: Float64Array,
  d: number,
  closest: Float64Array,
  cands: Int32Array,
  trials: number,
  candDist: Float64Array,
  pots: Float64Array,
  slot: number,
  i0: number,
  i1: number,
  scratch: Int32Array,
  candRows: Float64Array,
  wasm: DotsExports | null,
  dotsJs: typeof dotsJs,
  out: Float64Array,
  offs: Int32Array,
): void;

/** See kernels.js. */
export declare function normsKernel(x: Float64Array, d: number, xn: Float64Array, colSums: Float64Array, slot: number, i0: number, i1: number, src: Float64Array): void;

/** See kernels.js. */
export declare function inertiaKernel(x: Float64Array, d: number, c: Float64Array, labels: Int32Array, partial: Float64Array, slot: number, i0: number, i1: number): void;
