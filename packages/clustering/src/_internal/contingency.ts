export type Labels = ArrayLike<number | string>;

/** Dense codes 0..c-1 for arbitrary labels (fast path for small non-negative integers). */
export function encode(labels: Labels): { codes: Int32Array; count: number } {
  const n = labels.length;
  const codes = new Int32Array(n);
  if (isIntArray(labels)) {
    // typed integers: one pass for the range, one to map
    let min = 0;
    let max = -1;
    for (let i = 0; i < n; i++) {
      const v = labels[i] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min >= 0 && max <= 1e7) {
      const map = new Int32Array(max + 1).fill(-1);
      let count = 0;
      for (let i = 0; i < n; i++) {
        const v = labels[i] as number;
        let c = map[v] as number;
        if (c === -1) c = map[v] = count++;
        codes[i] = c;
      }
      return { codes, count };
    }
  }
  let intLike = true;
  let max = -1;
  for (let i = 0; i < n; i++) {
    const v = labels[i];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 1e7) {
      intLike = false;
      break;
    }
    if (v > max) max = v;
  }
  if (intLike) {
    const map = new Int32Array(max + 1).fill(-1);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const v = labels[i] as number;
      if (map[v] === -1) map[v] = count++;
      codes[i] = map[v] as number;
    }
    return { codes, count };
  }
  const map = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const v = labels[i] as number | string;
    let c = map.get(v);
    if (c === undefined) {
      c = map.size;
      map.set(v, c);
    }
    codes[i] = c;
  }
  return { codes, count: map.size };
}

export interface Contingency {
  n: number;
  rows: number;
  cols: number;
  /** rows × cols counts, row-major */
  table: Float64Array;
  rowSums: Float64Array;
  colSums: Float64Array;
}

type IntArray = Int32Array | Uint8Array | Uint16Array | Int16Array | Uint32Array;
const isIntArray = (x: Labels): x is IntArray => x instanceof Int32Array || x instanceof Uint8Array || x instanceof Uint16Array || x instanceof Int16Array || x instanceof Uint32Array;

function range(x: IntArray): [number, number] {
  let min = 0;
  let max = -1;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/**
 * Fast path for typed non-negative integer labels with a small range: count straight into a
 * (maxA + 1) × (maxB + 1) table in one pass, then drop the empty rows and columns.
 */
function directContingency(a: IntArray, b: IntArray): Contingency | null {
  const [minA, maxA] = range(a);
  const [minB, maxB] = range(b);
  const R = maxA + 1;
  const C = maxB + 1;
  if (minA < 0 || minB < 0 || R * C > 1 << 20) return null;
  const full = new Float64Array(R * C);
  for (let i = 0; i < a.length; i++) full[(a[i] as number) * C + (b[i] as number)]!++;
  const rowSum = new Float64Array(R);
  const colSum = new Float64Array(C);
  for (let r = 0; r < R; r++)
    for (let c = 0; c < C; c++) {
      const v = full[r * C + c] as number;
      rowSum[r]! += v;
      colSum[c]! += v;
    }
  const rows = [...rowSum.keys()].filter((r) => (rowSum[r] as number) > 0);
  const cols = [...colSum.keys()].filter((c) => (colSum[c] as number) > 0);
  const table = new Float64Array(rows.length * cols.length);
  rows.forEach((r, i) => {
    cols.forEach((c, j) => {
      table[i * cols.length + j] = full[r * C + c] as number;
    });
  });
  return {
    n: a.length,
    rows: rows.length,
    cols: cols.length,
    table,
    rowSums: Float64Array.from(rows, (r) => rowSum[r] as number),
    colSums: Float64Array.from(cols, (c) => colSum[c] as number),
  };
}

/** Contingency table of two labelings of the same items (rows: a's classes, cols: b's). */
export function contingency(a: Labels, b: Labels): Contingency {
  if (a.length !== b.length) throw new RangeError(`labelings differ in length: ${a.length} and ${b.length}`);
  if (isIntArray(a) && isIntArray(b)) {
    const direct = directContingency(a, b);
    if (direct) return direct;
  }
  const ea = encode(a);
  const eb = encode(b);
  const table = new Float64Array(ea.count * eb.count);
  const rowSums = new Float64Array(ea.count);
  const colSums = new Float64Array(eb.count);
  for (let i = 0; i < a.length; i++) {
    const r = ea.codes[i] as number;
    const c = eb.codes[i] as number;
    table[r * eb.count + c]!++;
    rowSums[r]!++;
    colSums[c]!++;
  }
  return { n: a.length, rows: ea.count, cols: eb.count, table, rowSums, colSums };
}
