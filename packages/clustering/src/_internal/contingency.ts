export type Labels = ArrayLike<number | string>;

/** Dense codes 0..c-1 for arbitrary labels (fast path for small non-negative integers). */
export function encode(labels: Labels): { codes: Int32Array; count: number } {
  const n = labels.length;
  const codes = new Int32Array(n);
  if (labels instanceof Int32Array || labels instanceof Uint8Array || labels instanceof Uint16Array || labels instanceof Int16Array || labels instanceof Uint32Array) {
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

/** Contingency table of two labelings of the same items (rows: a's classes, cols: b's). */
export function contingency(a: Labels, b: Labels): Contingency {
  if (a.length !== b.length) throw new RangeError(`labelings differ in length: ${a.length} and ${b.length}`);
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
