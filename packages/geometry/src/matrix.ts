import type { CsrMatrix, DenseMatrix } from "@fib/stats";

/** The shared matrix types (defined in @fib/stats, re-exported here where the operators are). */
export type { CsrMatrix, DenseMatrix };

export function denseMatrix(rows: number, cols: number, data?: Float64Array): DenseMatrix {
  if (data && data.length !== rows * cols) throw new RangeError(`data has ${data.length} values, expected ${rows}×${cols}`);
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

/** From nested arrays (tests, JSON boundaries). */
export function fromRows(rows: readonly (readonly number[])[]): DenseMatrix {
  const r = rows.length;
  const c = r === 0 ? 0 : (rows[0] as readonly number[]).length;
  const data = new Float64Array(r * c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new RangeError(`row ${i} has ${row.length} values, expected ${c}`);
    data.set(row, i * c);
  });
  return { rows: r, cols: c, data };
}

/** To nested arrays (JSON boundaries). */
export function toRows(m: DenseMatrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

export function csrToDense(a: CsrMatrix): DenseMatrix {
  const out = denseMatrix(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = a.indptr[i] as number; k < (a.indptr[i + 1] as number); k++) out.data[i * a.cols + (a.indices[k] as number)] = a.data[k] as number;
  }
  return out;
}
