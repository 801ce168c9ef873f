// @ts-nocheck — numeric kernels, deliberately plain JavaScript: they index typed arrays in
// tight loops whose bounds are set by the loop headers, which `noUncheckedIndexedAccess`
// cannot see; their signatures are typed in kernels.d.ts.
/*
 * Self-contained numeric kernels for k-means. They take only typed arrays and numbers and
 * call nothing outside themselves, so the same source runs on the main thread and, via
 * Function.prototype.toString, inside worker threads (see pool.ts). No nested functions:
 * transpilers may wrap those in helpers that a worker would not have.
 */

/**
 * Assign rows [i0, i1) to their nearest centre. mode 0: full scan of every centre. mode 1:
 * Hamerly's bounds — move them by the centres' last shifts (shift[0..k), the largest at shift[k]),
 * skip a row when its upper bound is within max(s[a], lower); otherwise tighten, then scan.
 * Distances use ‖x‖² + ‖c‖² − 2x·c, as scikit-learn's Lloyd does. The rows that need a scan are
 * gathered in `scratch`; their dot products with every centre are computed 256 rows at a time
 * into this thread's block of `out` — by `wasm.dots` (dots.wat's SIMD kernels, when the state
 * lives in their memory; `offs` = byte offsets of x, c, scratch, out, the block width, then
 * candRows, labels, sums, …, and at 13, 14 the centres transposed and their padded count) or by
 * `dotsJs`, with the same sums in the same order — and each row then takes the nearest (ties: the
 * lower index). With `wasm` and Hamerly's bounds (not Elkan's) the whole pass runs in dots.wat —
 * `scan` (a full scan: dot products, nearest centre, bounds, centre sums) or `hamerly` (both phases,
 * fused: a row still unsure after tightening is scanned while in cache), with
 * the numbers and the order of the loops here (offs 17–22: cn, upper, lower, counts, s, shift); with
 * Elkan's, the dot products and a full scan's centre sums (`wasm.addrows`, rows in the same order).
 * Mode 0 writes the rows' centre sums and counts to sums[slot·k·d …] and counts[slot·k …] as it
 * assigns them (same order as a pass after: the sums are identical), and
 * with Elkan bounds (lowerK non-empty) every row's distance to every centre; mode 1 writes only
 * the changes (a row that moved from a to b adds to b and subtracts from a), so an iteration
 * where few rows move costs O(n) instead of O(n·d).
 * Returns the number of rows whose label changed.
 */
export function assignKernel(x, xn, d, c, cn, k, s, labels, upper, lower, sums, counts, slot, mode, i0, i1, scratch, lowerK, shift, wasm, dotsJs, out, offs, sqd) {
  const elkan = lowerK.length > 0;
  const so = slot * k * d;
  const ko = slot * k;
  for (let t = 0; t < k * d; t++) sums[so + t] = 0;
  for (let t = 0; t < k; t++) counts[ko + t] = 0;
  // phase 1: which rows need a scan
  let m = 0;
  const B = 256;
  const oo = slot * B * offs[4];
  if (wasm !== null && !elkan) {
    // the pass in dots.wat (`scan`: a full scan; `hamerly`: bounds, tightening and the scan of each
    // row still unsure, fused): the numbers of the JavaScript loops below, in the same order
    if (mode === 1)
      return wasm.hamerly(
        offs[0],
        offs[1],
        offs[13],
        offs[14],
        k,
        d,
        offs[3] + 8 * oo,
        offs[17],
        offs[8],
        offs[6],
        offs[18],
        offs[19],
        offs[21],
        offs[22],
        offs[20] + 8 * ko,
        offs[7] + 8 * so,
        i0,
        i1,
      );
    for (let i = i0; i < i1; i++) scratch[i] = i;
    return wasm.scan(offs[0], offs[2] + 4 * i0, i1 - i0, offs[13], offs[14], k, d, offs[3] + 8 * oo, offs[17], offs[8], offs[6], offs[18], offs[19], offs[20] + 8 * ko, offs[7] + 8 * so, 0);
  }
  if (mode === 0) for (let i = i0; i < i1; i++) scratch[i0 + m++] = i;
  else {
    for (let i = i0; i < i1; i++) {
      const a = labels[i];
      // the bounds follow the centres' last moves: own centre's shift up, the largest shift down
      upper[i] += shift[a];
      lower[i] -= shift[k];
      const bound = s[a] > lower[i] ? s[a] : lower[i];
      if (upper[i] <= bound) continue;
      upper[i] = Math.sqrt(sqd(x, i * d, c, a * d, d)); // the exact distance to its centre
      if (upper[i] > bound) scratch[i0 + m++] = i;
    }
  }
  // phase 2: dot products of a block of scanned rows with every centre, then each row's nearest
  let changed = 0;
  for (let p = 0; p < m; p += B) {
    const mb = m - p < B ? m - p : B;
    if (wasm !== null) wasm.dots(offs[0], offs[2] + 4 * (i0 + p), mb, offs[13], offs[14], k, d, offs[3] + 8 * oo);
    else dotsJs(x, scratch, i0 + p, mb, c, k, d, out, oo);
    for (let t = 0; t < mb; t++) {
      const i = scratch[i0 + p + t];
      const ob = oo + t * k;
      let b1 = Infinity;
      let b2 = Infinity;
      let best = 0;
      for (let cc = 0; cc < k; cc++) {
        const dx = cn[cc] - 2 * out[ob + cc];
        if (elkan) {
          const l = xn[i] + dx;
          lowerK[i * k + cc] = Math.sqrt(l > 0 ? l : 0) * (1 - 1e-12) - 1e-12;
        }
        if (dx < b1) {
          b2 = b1;
          b1 = dx;
          best = cc;
        } else if (dx < b2) b2 = dx;
      }
      const old = labels[i];
      labels[i] = best;
      if (best !== old) changed++;
      const u = xn[i] + b1;
      const l = xn[i] + b2;
      // small slack keeps the bounds valid despite rounding in the expanded form
      upper[i] = Math.sqrt(u > 0 ? u : 0) * (1 + 1e-12) + 1e-12;
      lower[i] = Math.sqrt(l > 0 ? l : 0) * (1 - 1e-12) - 1e-12;
      if (mode === 0) {
        // full sums, while the row is still in cache (mode 0 scans every row, in order)
        counts[ko + best] += 1;
        if (wasm === null) {
          const o = so + best * d;
          const io = i * d;
          for (let j = 0; j < d; j++) sums[o + j] += x[io + j];
        }
      } else if (best !== old) {
        counts[ko + best] += 1;
        counts[ko + old] -= 1;
        const o = so + best * d;
        const q = so + old * d;
        const io = i * d;
        for (let j = 0; j < d; j++) {
          sums[o + j] += x[io + j];
          sums[q + j] -= x[io + j];
        }
      }
    }
    // the block's rows into their centres' sums, in the same order (SIMD)
    if (mode === 0 && wasm !== null) wasm.addrows(offs[0], offs[2] + 4 * (i0 + p), mb, offs[6], offs[7] + 8 * so, d);
  }
  return changed;
}

/**
 * One Elkan iteration over rows [i0, i1) (after a full scan has set every bound): each row keeps an
 * upper bound on the distance to its centre and a lower bound to every centre (lowerK, n × k).
 * First the bounds follow the centres' last moves (upper += shift[a], lower −= shift[c]); then a
 * centre c is examined only when the upper bound exceeds both its lower bound and half the
 * distance between a and c (cc, k × k); the distance to a is made exact at most once, and c's
 * distance is computed only if the bounds still allow it. Distances compared are the expanded
 * ‖c‖² − 2x·c, as in the full scan (and scikit-learn), ties to the lower index; bounds carry a
 * small slack against rounding. Writes only the rows that moved into sums/counts (as mode 1 of
 * assignKernel). Returns the number of rows whose label changed.
 */
export function elkanKernel(x, xn, d, c, cn, k, cc, s, shift, labels, upper, lowerK, sums, counts, slot, i0, i1) {
  const so = slot * k * d;
  const ko = slot * k;
  for (let t = 0; t < k * d; t++) sums[so + t] = 0;
  for (let t = 0; t < k; t++) counts[ko + t] = 0;
  let changed = 0;
  for (let i = i0; i < i1; i++) {
    const lo = i * k;
    let a = labels[i];
    for (let t = 0; t < k; t++) {
      const l = lowerK[lo + t] - shift[t];
      lowerK[lo + t] = l > 0 ? l : 0;
    }
    let u = upper[i] + shift[a];
    if (u <= s[a]) {
      upper[i] = u;
      continue;
    }
    const old = a;
    const xo = i * d;
    let ea = 0; // exact expanded distance of the current centre, once computed
    let tight = false;
    for (let t = 0; t < k; t++) {
      if (t === a) continue;
      if (u <= lowerK[lo + t] || u <= cc[a * k + t]) continue;
      if (!tight) {
        let p = 0;
        const co = a * d;
        for (let j = 0; j < d; j++) p += x[xo + j] * c[co + j];
        ea = cn[a] - 2 * p;
        const q = xn[i] + ea;
        const e = Math.sqrt(q > 0 ? q : 0);
        u = e * (1 + 1e-12) + 1e-12;
        lowerK[lo + a] = e * (1 - 1e-12) - 1e-12;
        tight = true;
        if (u <= lowerK[lo + t] || u <= cc[a * k + t]) continue;
      }
      let p = 0;
      const co = t * d;
      for (let j = 0; j < d; j++) p += x[xo + j] * c[co + j];
      const et = cn[t] - 2 * p;
      const q = xn[i] + et;
      const e = Math.sqrt(q > 0 ? q : 0);
      lowerK[lo + t] = e * (1 - 1e-12) - 1e-12;
      if (et < ea || (et === ea && t < a)) {
        a = t;
        ea = et;
        u = e * (1 + 1e-12) + 1e-12;
      }
    }
    upper[i] = u;
    if (a !== old) {
      changed++;
      labels[i] = a;
      counts[ko + a] += 1;
      counts[ko + old] -= 1;
      const o = so + a * d;
      const q = so + old * d;
      for (let j = 0; j < d; j++) {
        sums[o + j] += x[xo + j];
        sums[q + j] -= x[xo + j];
      }
    }
  }
  return changed;
}

/**
 * Squared norms of rows [i0, i1) into xn, and their column sums and total into
 * colSums[slot·(d+1) …] (the last entry: Σ‖x‖²), for scikit-learn's tolerance scale. One running
 * sum per row, in column order: four partial sums were faster but moved the last digits, and with
 * them a recorded run's clusters (fib replay of data/reports/example_initial_h1 stopped matching);
 * four rows side by side keep every sum's order and break the chain of dependent adds instead.
 * The rows are read from `src`; when it is not x they are also copied into x (the matrix's copy into
 * the kernels' memory, in the same pass).
 */
export function normsKernel(x, d, xn, colSums, slot, i0, i1, src) {
  const copy = src !== x;
  const o = slot * (d + 1);
  for (let j = 0; j <= d; j++) colSums[o + j] = 0;
  let total = 0;
  let i = i0;
  // four rows at a time: four independent running sums (a row's own sum still adds its columns in
  // order, and a column's sum its rows in order: the same numbers), so the adds do not wait on each other
  for (; i + 3 < i1; i += 4) {
    const a = i * d;
    const b = a + d;
    const c = b + d;
    const e = c + d;
    let q0 = 0;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    for (let j = 0; j < d; j++) {
      const v0 = src[a + j];
      const v1 = src[b + j];
      const v2 = src[c + j];
      const v3 = src[e + j];
      if (copy) {
        x[a + j] = v0;
        x[b + j] = v1;
        x[c + j] = v2;
        x[e + j] = v3;
      }
      q0 += v0 * v0;
      q1 += v1 * v1;
      q2 += v2 * v2;
      q3 += v3 * v3;
      colSums[o + j] = colSums[o + j] + v0 + v1 + v2 + v3;
    }
    xn[i] = q0;
    xn[i + 1] = q1;
    xn[i + 2] = q2;
    xn[i + 3] = q3;
    total += q0;
    total += q1;
    total += q2;
    total += q3;
  }
  for (; i < i1; i++) {
    const xo = i * d;
    let q = 0;
    for (let j = 0; j < d; j++) {
      const v = src[xo + j];
      if (copy) x[xo + j] = v;
      q += v * v;
      colSums[o + j] += v;
    }
    xn[i] = q;
    total += q;
  }
  colSums[o + d] = total;
}

/**
 * Σ‖x − c[label]‖² over rows [i0, i1) into partial[slot]: one running sum over every product, in
 * row then column order. Its chain of adds is its speed limit, but its last digits decide between
 * nInit's restarts when two come out nearly equal: summed in eight chains (this stop's first try) it
 * picked another restart on the example run, and `fib replay data/reports/example_initial_h1` no
 * longer reproduced it. The order stays.
 */
export function inertiaKernel(x, d, c, labels, partial, slot, i0, i1) {
  let s = 0;
  for (let i = i0; i < i1; i++) {
    const xo = i * d;
    const co = labels[i] * d;
    for (let j = 0; j < d; j++) {
      const v = x[xo + j] - c[co + j];
      s += v * v;
    }
  }
  partial[slot] = s;
}

/**
 * k-means++ candidate potentials for rows [i0, i1): for each of `trials` candidates (their rows
 * copied to candRows, trials × d), the new closest squared distance min(‖x − cand‖², closest[i])
 * into candDist[i·trials + t] and its sum, in row order, into pots[slot·trials + t]. Distances as
 * scikit-learn's k-means++: ‖x‖² + ‖y‖² − 2x·y, the dot products by `dots` or `dotsJs` 256 rows
 * at a time (see assignKernel; offs[5] is candRows' byte offset) — or all of it by `wasm.candidates`
 * (offs[8…12]: xn, the candidates' norms, closest, candDist, pots; 15, 16: the candidates transposed, padded width).
 */
export function candidateKernel(x, xn, d, closest, cands, trials, candDist, pots, slot, i0, i1, scratch, candRows, wasm, dotsJs, out, offs) {
  for (let t = 0; t < trials; t++) pots[slot * trials + t] = 0;
  if (wasm !== null) {
    // dots.wat's `candidates`: the numbers of the loops below, in one pass
    wasm.candidates(offs[0], offs[8], i0, i1, offs[15], offs[16], offs[9], trials, d, offs[10], offs[11], offs[12] + 8 * slot * trials, offs[3] + 8 * (slot * 256 * offs[4]));
    return;
  }
  for (let i = i0; i < i1; i++) scratch[i] = i;
  const B = 256;
  const oo = slot * B * offs[4];
  for (let p = i0; p < i1; p += B) {
    const mb = i1 - p < B ? i1 - p : B;
    dotsJs(x, scratch, p, mb, candRows, trials, d, out, oo);
    for (let t = 0; t < mb; t++) {
      const i = p + t;
      const ob = oo + t * trials;
      for (let r = 0; r < trials; r++) {
        let dx = xn[i] + xn[cands[r]] - 2 * out[ob + r];
        if (dx < 0) dx = 0;
        candDist[i * trials + r] = dx < closest[i] ? dx : closest[i];
      }
    }
  }
  for (let i = i0; i < i1; i++) for (let t = 0; t < trials; t++) pots[slot * trials + t] += candDist[i * trials + t];
}
