// @ts-nocheck — numeric kernels in plain JavaScript, as kernels.js (typed in rowKernels.d.ts).
/*
 * The row arithmetic the k-means kernels of kernels.js are given as arguments: dot products of rows
 * with centres (`dotsJs`, the fallback of dots.wat's `dots`) and one row's squared distance to a
 * centre (`sqdistJs`, the order of dots.wat's $sqdist). Self-contained, shipped to the worker threads
 * as source and specialised to the row width like the kernels (pool.ts).
 */

/**
 * Dot products of rows scratch[p0 … p0+mb) of x with `k` rows of `cen` (row width d) into
 * out[oo + t·k + c], in plain JavaScript: the fallback for `dots` (dots.wat, SIMD) when the state
 * is not in WebAssembly memory. One row against four centres at a time.
 */
export function dotsJs(x, scratch, p0, mb, cen, k, d, out, oo) {
  for (let t = 0; t < mb; t++) {
    const xo = scratch[p0 + t] * d;
    const ob = oo + t * k;
    let cc = 0;
    for (; cc + 3 < k; cc += 4) {
      const c0 = cc * d;
      const c1 = c0 + d;
      const c2 = c1 + d;
      const c3 = c2 + d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < d; j++) {
        const v = x[xo + j];
        s0 += v * cen[c0 + j];
        s1 += v * cen[c1 + j];
        s2 += v * cen[c2 + j];
        s3 += v * cen[c3 + j];
      }
      out[ob + cc] = s0;
      out[ob + cc + 1] = s1;
      out[ob + cc + 2] = s2;
      out[ob + cc + 3] = s3;
    }
    for (; cc < k; cc++) {
      const co = cc * d;
      let s0 = 0;
      for (let j = 0; j < d; j++) s0 += x[xo + j] * cen[co + j];
      out[ob + cc] = s0;
    }
  }
}

/**
 * ‖x[xo … xo+d) − c[co … co+d)‖² in eight running sums: column j into sum j mod 8 over the blocks of
 * eight; past them, pairs into sums 0 and 1 and a last odd column into sum 0; then
 * ((0+2)+(4+6)) + ((1+3)+(5+7)) — the order of dots.wat's $sqdist (four f64x2 sums), so both give the
 * same number, and eight independent chains instead of one: Hamerly's tightened bounds (a bound only
 * decides which rows are scanned, never a label or a reported number).
 */
export function sqdistJs(x, xo, c, co, d) {
  let q0 = 0;
  let q1 = 0;
  let q2 = 0;
  let q3 = 0;
  let q4 = 0;
  let q5 = 0;
  let q6 = 0;
  let q7 = 0;
  let j = 0;
  for (; j + 8 <= d; j += 8) {
    const e0 = x[xo + j] - c[co + j];
    const e1 = x[xo + j + 1] - c[co + j + 1];
    const e2 = x[xo + j + 2] - c[co + j + 2];
    const e3 = x[xo + j + 3] - c[co + j + 3];
    const e4 = x[xo + j + 4] - c[co + j + 4];
    const e5 = x[xo + j + 5] - c[co + j + 5];
    const e6 = x[xo + j + 6] - c[co + j + 6];
    const e7 = x[xo + j + 7] - c[co + j + 7];
    q0 += e0 * e0;
    q1 += e1 * e1;
    q2 += e2 * e2;
    q3 += e3 * e3;
    q4 += e4 * e4;
    q5 += e5 * e5;
    q6 += e6 * e6;
    q7 += e7 * e7;
  }
  for (; j + 2 <= d; j += 2) {
    const e0 = x[xo + j] - c[co + j];
    const e1 = x[xo + j + 1] - c[co + j + 1];
    q0 += e0 * e0;
    q1 += e1 * e1;
  }
  if (j < d) {
    const e0 = x[xo + j] - c[co + j];
    q0 += e0 * e0;
  }
  return q0 + q2 + (q4 + q6) + (q1 + q3 + (q5 + q7));
}
