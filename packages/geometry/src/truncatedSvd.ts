import { createRng } from "@fib/stats";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import type { CsrMatrix, DenseMatrix } from "./matrix.js";
import { SPMM_WASM } from "./spmmWasm.js";
import { wasmExports, wasmKernel, wasmMemory } from "./wasm.js";

export interface TruncatedSvdOptions {
  seed?: number;
  /** power iterations (default 5, as scikit-learn's TruncatedSVD) */
  nIter?: number;
  /** extra random directions beyond k (default 10) */
  oversample?: number;
}

export interface TruncatedSvdResult {
  /** k ≤ min(rows, cols) */
  k: number;
  /** descending */
  singularValues: Float64Array;
  /** V^T: k × cols, each row a unit right singular vector, sign fixed so its largest-|x| entry is positive */
  components: DenseMatrix;
  /** A·V = U·Σ: rows × k, what scikit-learn's TruncatedSVD.fit_transform returns */
  embedding: DenseMatrix;
  seed: number;
  nIter: number;
  oversample: number;
}

export function transposeCsr(a: CsrMatrix): CsrMatrix {
  const counts = new Int32Array(a.cols + 1);
  for (let k = 0; k < a.indices.length; k++) counts[(a.indices[k] as number) + 1]!++;
  for (let j = 0; j < a.cols; j++) counts[j + 1]! += counts[j] as number;
  const indptr = counts.slice();
  const next = counts.slice(0, a.cols);
  const indices = new Int32Array(a.indices.length);
  const data = new Float64Array(a.indices.length);
  for (let i = 0; i < a.rows; i++) {
    for (let k = a.indptr[i] as number; k < (a.indptr[i + 1] as number); k++) {
      const j = a.indices[k] as number;
      const p = next[j]!++;
      indices[p] = i;
      data[p] = a.data[k] as number;
    }
  }
  return { rows: a.cols, cols: a.rows, indptr, indices, data };
}

/**
 * out = A · Z (rows × l) or, with `transpose`, out = Aᵀ · Z (cols × l) without forming Aᵀ:
 * row-major, one pass over A's nonzeros either way (only which side of each nonzero is read and
 * which is written swaps). The JavaScript fallback of spmm.wat, which computes the same sums in the
 * same order.
 */
function spmmJs(a: CsrMatrix, z: Float64Array, l: number, out: Float64Array, transpose = false): void {
  out.fill(0);
  for (let i = 0; i < a.rows; i++) {
    for (let k = a.indptr[i] as number; k < (a.indptr[i + 1] as number); k++) {
      const v = a.data[k] as number;
      const col = (a.indices[k] as number) * l;
      const o = transpose ? col : i * l;
      const zo = transpose ? i * l : col;
      for (let j = 0; j < l; j++) out[o + j] = (out[o + j] as number) + v * (z[zo + j] as number);
    }
  }
}

type SpmmFn = (rows: number, indptr: number, indices: number, data: number, z: number, l: number, out: number, tr: number) => void;
const spmmModule = wasmKernel(SPMM_WASM);

/**
 * The last workspace's memory, kept for the next SVD when it is large enough: a fresh memory's pages
 * cost more than the products that fill them (on a 2-core VM a 25 MB workspace took about 50 ms of
 * page faults, every call). Not kept above 64 MiB. Every array carved from it is written before it is
 * read (z explicitly, the rest by the products or copies), and nothing returned is a view of it.
 */
let kept: ReturnType<typeof wasmMemory> = null;
function keptMemory(bytes: number): ReturnType<typeof wasmMemory> {
  if (kept && kept.buffer.byteLength >= bytes) return kept;
  const mem = wasmMemory(bytes);
  if (mem && bytes <= 64 * 2 ** 20) kept = mem;
  return mem;
}

/**
 * The arrays of one SVD, carved from one WebAssembly memory so that spmm.wat (SIMD, two products per
 * instruction) can run the sparse products; plain arrays and the JavaScript loop where the runtime
 * has no WebAssembly SIMD or the arrays would not fit a 32-bit memory. Same numbers either way.
 */
function workspace(
  f64: number,
  i32: number,
): { f64(n: number): Float64Array; i32(n: number): Int32Array; spmm(a: CsrMatrix, z: Float64Array, l: number, out: Float64Array, transpose?: boolean): void } {
  const module = spmmModule();
  const mem = module ? keptMemory(f64 * 8 + i32 * 4 + 64 * 16) : null;
  const buffer = mem ? mem.buffer : null;
  const kernel = module && mem ? wasmExports<{ spmm: SpmmFn }>(module, mem).spmm : null;
  let at = 0;
  const take = <T extends Float64Array | Int32Array>(C: { new (b: ArrayBuffer, o: number, n: number): T; new (n: number): T; BYTES_PER_ELEMENT: number }, n: number): T => {
    if (!buffer) return new C(n);
    const view = new C(buffer, at, n);
    at += Math.ceil((n * C.BYTES_PER_ELEMENT) / 16) * 16;
    return view;
  };
  const inside = (x: Float64Array | Int32Array) => buffer !== null && x.buffer === buffer;
  return {
    f64: (n) => take(Float64Array, n),
    i32: (n) => take(Int32Array, n),
    spmm(a, z, l, out, transpose = false) {
      if (kernel && inside(a.indptr) && inside(a.indices) && inside(a.data) && inside(z) && inside(out)) {
        out.fill(0);
        kernel(a.rows, a.indptr.byteOffset, a.indices.byteOffset, a.data.byteOffset, z.byteOffset, l, out.byteOffset, transpose ? 1 : 0);
      } else spmmJs(a, z, l, out, transpose);
    },
  };
}

/** A CSR matrix copied into a workspace. */
function csrIn(ws: ReturnType<typeof workspace>, a: CsrMatrix): CsrMatrix {
  const indptr = ws.i32(a.indptr.length);
  indptr.set(a.indptr);
  const indices = ws.i32(a.indices.length);
  indices.set(a.indices);
  const data = ws.f64(a.data.length);
  data.set(a.data);
  return { rows: a.rows, cols: a.cols, indptr, indices, data };
}

/**
 * Orthonormalise the l columns of a row-major (m × l) matrix in place: modified Gram–Schmidt,
 * twice. A column whose residual is rounding noise (below 1e-10 of its length before the
 * projections: it lay in the span of the earlier columns) becomes zero instead of being
 * blown up into a spurious direction.
 */
function orthonormalize(z: Float64Array, m: number, l: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < l; j++) {
      let before = 0;
      for (let i = 0; i < m; i++) before += (z[i * l + j] as number) ** 2;
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += (z[i * l + j] as number) * (z[i * l + p] as number);
        for (let i = 0; i < m; i++) z[i * l + j] = (z[i * l + j] as number) - dot * (z[i * l + p] as number);
      }
      let norm = 0;
      for (let i = 0; i < m; i++) norm += (z[i * l + j] as number) ** 2;
      const inv = norm > 1e-20 * before && norm > 1e-300 ? 1 / Math.sqrt(norm) : 0;
      for (let i = 0; i < m; i++) z[i * l + j] = (z[i * l + j] as number) * inv;
    }
  }
}

/**
 * Randomized truncated SVD of a sparse matrix (Halko, Martinsson & Tropp 2011), in typed
 * arrays. The subspace iteration runs on the Gram matrix of the smaller side
 * (AᵀA when cols ≤ rows), so every orthonormalisation is of a (min side × (k + oversample))
 * block and the large side is only touched by sparse products; a Rayleigh–Ritz step on the
 * small side gives the singular triplets. Deterministic for a given seed.
 */
export function truncatedSvd(a: CsrMatrix, k: number, opts: TruncatedSvdOptions = {}): TruncatedSvdResult {
  const seed = opts.seed ?? 0;
  const nIter = opts.nIter ?? 5;
  const oversample = opts.oversample ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`truncatedSvd: k must be a positive integer, got ${k}`);
  const flip = a.cols > a.rows; // work on the smaller side
  const mt = flip ? transposeCsr(a) : a; // m.cols ≤ m.rows
  const d = mt.cols;
  const kk = Math.min(k, d, mt.rows);
  const l = Math.min(kk + oversample, d);
  const nnz = a.indices.length;
  // every array the products touch, in one workspace: A (and Aᵀ when flipped), z, y, p, the projections, Vᵀ and the embedding
  const ws = workspace((flip ? 2 : 1) * nnz + d * l * 2 + mt.rows * l + (flip ? mt.rows * kk + d * kk : 0) + a.cols * kk + a.rows * kk, (flip ? 2 : 1) * (nnz + a.rows + a.cols + 2));
  const m = csrIn(ws, mt);
  const aw = flip ? csrIn(ws, a) : m;
  const rng = createRng(seed, "truncatedSvd");
  const z = ws.f64(d * l);
  for (let i = 0; i < z.length; i += 2) {
    // Box–Muller: two standard normals from two uniforms
    const u1 = 1 - rng.float();
    const u2 = rng.float();
    const r = Math.sqrt(-2 * Math.log(u1));
    z[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < z.length) z[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  const y = ws.f64(m.rows * l);
  const p = ws.f64(d * l);
  orthonormalize(z, d, l);
  for (let it = 0; it < nIter; it++) {
    ws.spmm(m, z, l, y);
    ws.spmm(m, y, l, z, true);
    orthonormalize(z, d, l);
  }
  // Rayleigh–Ritz: G = Zᵀ (mᵀ m Z), l × l, symmetric
  ws.spmm(m, z, l, y);
  ws.spmm(m, y, l, p, true);
  const g = new Matrix(l, l);
  for (let r = 0; r < l; r++) {
    for (let c = r; c < l; c++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += (z[i * l + r] as number) * (p[i * l + c] as number);
      g.set(r, c, s);
      g.set(c, r, s);
    }
  }
  const eig = new EigenvalueDecomposition(g, { assumeSymmetric: true });
  const lambdas = eig.realEigenvalues;
  const w = eig.eigenvectorMatrix;
  const order = lambdas
    .map((_, i) => i)
    .sort((i, j) => (lambdas[j] as number) - (lambdas[i] as number))
    .slice(0, kk);
  const singularValues = Float64Array.from(order, (i) => Math.sqrt(Math.max(0, lambdas[i] as number)));
  // small-side singular vectors: Z · w (d × kk)
  const vSmall = new Float64Array(kk * d);
  order.forEach((col, c) => {
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let r = 0; r < l; r++) s += (z[i * l + r] as number) * w.get(r, col);
      vSmall[c * d + i] = s;
    }
  });
  // large-side projections m·v (rows × kk): needed for the other side's vectors when flipped
  const proj = flip ? ws.f64(m.rows * kk) : new Float64Array(0);
  if (flip) {
    const vRowMajor = ws.f64(d * kk);
    for (let c = 0; c < kk; c++) for (let i = 0; i < d; i++) vRowMajor[i * kk + c] = vSmall[c * d + i] as number;
    ws.spmm(m, vRowMajor, kk, proj);
  }
  let components: Float64Array;
  if (!flip) components = vSmall;
  else {
    // A = mᵀ: the right vectors of A are the left vectors of m, u_c = m·v_c / σ_c
    components = new Float64Array(kk * a.cols);
    for (let c = 0; c < kk; c++) {
      const s = singularValues[c] as number;
      for (let i = 0; i < a.cols; i++) components[c * a.cols + i] = s > 0 ? (proj[i * kk + c] as number) / s : 0;
    }
  }
  // deterministic signs: the largest-|x| entry of each component is positive
  const cols = a.cols;
  for (let c = 0; c < kk; c++) {
    let best = 0;
    for (let i = 0; i < cols; i++) if (Math.abs(components[c * cols + i] as number) > Math.abs(components[c * cols + best] as number)) best = i;
    if ((components[c * cols + best] as number) < 0) for (let i = 0; i < cols; i++) components[c * cols + i] = -(components[c * cols + i] as number);
  }
  // the embedding is A·V, computed from the final components, so that transforming the same rows later gives the same numbers
  const vt = ws.f64(cols * kk);
  for (let c = 0; c < kk; c++) for (let i = 0; i < cols; i++) vt[i * kk + c] = components[c * cols + i] as number;
  const embedded = ws.f64(a.rows * kk);
  ws.spmm(aw, vt, kk, embedded);
  const embedding = embedded.slice(); // out of the workspace, so its memory goes with it
  return {
    k: kk,
    singularValues,
    components: { rows: kk, cols, data: components },
    embedding: { rows: a.rows, cols: kk, data: embedding },
    seed,
    nIter,
    oversample,
  };
}
