// H1's bootstrap hot path: a correctness matrix read item by item, and resamples of it.
import type { createRng } from "@fib/stats";
/** A model × item matrix of 0/1 answers (h1.ts's CorrectnessMatrix; named here so that file imports this one, not the reverse). */
type CorrectnessMatrix = readonly Uint8Array[];

/**
 * A correctness matrix item by item (an item's answers side by side) with each item's share of
 * right answers' q(1 − q) computed once: what H1's bootstrap reads for every replicate.
 */
export interface ItemMajor {
  m: number;
  n: number;
  cells: Uint8Array;
  floorTerm: Float64Array;
  sums: Float64Array;
}

export function itemMajor(mat: CorrectnessMatrix): ItemMajor {
  const m = mat.length;
  const n = mat[0]?.length ?? 0;
  const cells = new Uint8Array(m * n);
  const floorTerm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let j = 0; j < m; j++) {
      const x = (mat[j] as Uint8Array)[i] as number;
      cells[i * m + j] = x;
      c += x;
    }
    const q = c / m;
    floorTerm[i] = q * (1 - q);
  }
  return { m, n, cells, floorTerm, sums: new Float64Array(m) };
}

/**
 * `debiasedVarianceOf`(mat, idx) (h1.ts) from the item-major form: the same sums in the same order,
 * so exactly the same number (0/1 counts are exact in any order; the q(1 − q) terms add in idx order).
 */
export function debiasedVarianceItemMajor(a: ItemMajor, idx: ArrayLike<number>): number {
  const { m, cells, floorTerm, sums } = a;
  const n = idx.length;
  if (m === 0 || n === 0) return Number.NaN;
  sums.fill(0);
  let floor = 0;
  for (let t = 0; t < n; t++) {
    const i = idx[t] as number;
    floor += floorTerm[i] as number;
    const o = i * m;
    for (let j = 0; j < m; j++) sums[j] = (sums[j] as number) + (cells[o + j] as number);
  }
  let mean = 0;
  for (let j = 0; j < m; j++) mean += (sums[j] as number) / n;
  mean /= m;
  let ss = 0;
  for (let j = 0; j < m; j++) ss += ((sums[j] as number) / n - mean) ** 2;
  return ss / m - floor / (n * n);
}

/**
 * V̂ of a matrix's bootstrap resample (n items drawn with replacement from `rng`), each matrix read
 * item by item ({@link itemMajor}, built once per matrix) through one index buffer per size.
 */
export function resampler(rng: ReturnType<typeof createRng>): { formOf: (m: CorrectnessMatrix) => ItemMajor; draw: (m: CorrectnessMatrix) => number } {
  const forms = new Map<CorrectnessMatrix, ItemMajor>();
  const buffers = new Map<number, Int32Array>();
  const formOf = (m: CorrectnessMatrix) => {
    let f = forms.get(m);
    if (!f) forms.set(m, (f = itemMajor(m)));
    return f;
  };
  const draw = (m: CorrectnessMatrix) => {
    const n = m[0]?.length ?? 0;
    let idx = buffers.get(n);
    if (!idx) buffers.set(n, (idx = new Int32Array(n)));
    for (let i = 0; i < n; i++) idx[i] = rng.int(0, n - 1);
    return debiasedVarianceItemMajor(formOf(m), idx);
  };
  return { formOf, draw };
}
