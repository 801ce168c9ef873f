/**
 * The numeric matrix types every package shares (type-only; the operators live where they belong).
 */

/** A dense row-major matrix: element (i, j) is `data[i * cols + j]`. */
export interface DenseMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A sparse matrix in compressed sparse row form (column indices ascending within a row): row i's entries are `data[indptr[i] … indptr[i + 1])` at columns `indices[…]`. */
export interface CsrMatrix {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float64Array;
}
