import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import type { DenseMatrix } from "./matrix.js";
import { SCATTER_WASM } from "./scatterWasm.js";
import { wasmExports, wasmKernel, wasmMemory } from "./wasm.js";

/**
 * The upper triangle of the scatter matrix Σ (x_i − mean)(x_i − mean)ᵀ, accumulated row by row: one
 * pass over the rows in memory order (column pairs one at a time took d²/2 strided passes: 15 s at a
 * million rows). scatter.wat adds the same products in the same order.
 */
export function scatterJs(x: DenseMatrix, mean: Float64Array): Float64Array {
  const { rows: n, cols: d, data } = x;
  const acc = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = (data[i * d + j] as number) - (mean[j] as number);
    for (let a = 0; a < d; a++) {
      const va = row[a] as number;
      if (va === 0) continue;
      const o = a * d;
      for (let b = a; b < d; b++) acc[o + b] = (acc[o + b] as number) + va * (row[b] as number);
    }
  }
  return acc;
}

const scatterModule = wasmKernel(SCATTER_WASM);
/** Rows copied into the kernel's memory per call: small enough to stay in cache, and many calls let V8 optimise the kernel (a call in progress runs in its baseline compiler). */
const SCATTER_CHUNK = 512;

/** scatterJs in scatter.wat (two entries of the triangle per SIMD step, the same sums); null where WebAssembly SIMD or its memory cannot be had. */
export function scatterWasm(x: DenseMatrix, mean: Float64Array): Float64Array | null {
  const { rows: n, cols: d, data } = x;
  const module = scatterModule();
  const chunk = Math.min(n, SCATTER_CHUNK);
  const mem = module ? wasmMemory(8 * (d * d + 2 * d + chunk * d)) : null;
  if (!module || !mem) return null;
  const acc = new Float64Array(mem.buffer, 0, d * d);
  const m = new Float64Array(mem.buffer, 8 * d * d, d);
  m.set(mean);
  const rows = new Float64Array(mem.buffer, 8 * (d * d + 2 * d), chunk * d);
  const { scatter } = wasmExports<{ scatter(x: number, n: number, d: number, mean: number, row: number, acc: number): void }>(module, mem);
  for (let i0 = 0; i0 < n; i0 += chunk) {
    const i1 = Math.min(n, i0 + chunk);
    rows.set(data.subarray(i0 * d, i1 * d));
    scatter(rows.byteOffset, i1 - i0, d, m.byteOffset, m.byteOffset + 8 * d, 0);
  }
  return acc.slice();
}

/**
 * Project rows onto their first two principal components (for plots): centre the columns,
 * eigendecompose the d × d covariance, and return n × 2 coordinates with deterministic signs
 * (the largest-|x| loading of each component positive). Fewer than two usable dimensions give
 * zeros in the missing coordinate.
 */
export function pca2d(x: DenseMatrix): { coords: DenseMatrix; explained: [number, number] } {
  const { rows: n, cols: d, data } = x;
  const out = new Float64Array(n * 2);
  if (n === 0 || d === 0) return { coords: { rows: n, cols: 2, data: out }, explained: [0, 0] };
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (data[i * d + j] as number) / n;
  const acc = scatterWasm(x, mean) ?? scatterJs(x, mean);
  const cov = new Matrix(d, d);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const s = (acc[a * d + b] as number) / Math.max(1, n - 1);
      cov.set(a, b, s);
      cov.set(b, a, s);
    }
  }
  const eig = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const order = values.map((_, i) => i).sort((i, j) => (values[j] as number) - (values[i] as number));
  const total = values.reduce((s, v) => s + Math.max(0, v), 0) || 1;
  const explained: [number, number] = [0, 0];
  for (let c = 0; c < Math.min(2, d); c++) {
    const col = order[c] as number;
    explained[c] = Math.max(0, values[col] as number) / total;
    let best = 0;
    for (let j = 0; j < d; j++) if (Math.abs(eig.eigenvectorMatrix.get(j, col)) > Math.abs(eig.eigenvectorMatrix.get(best, col))) best = j;
    const sign = eig.eigenvectorMatrix.get(best, col) < 0 ? -1 : 1;
    const w = Float64Array.from({ length: d }, (_, j) => sign * eig.eigenvectorMatrix.get(j, col));
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += ((data[i * d + j] as number) - (mean[j] as number)) * (w[j] as number);
      out[i * 2 + c] = s;
    }
  }
  return { coords: { rows: n, cols: 2, data: out }, explained };
}
