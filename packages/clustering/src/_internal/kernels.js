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
 * skip a row when its upper bound is within max(s[a], lower); otherwise tighten, then scan. Distances use ‖x‖² + ‖c‖² − 2x·c, as scikit-learn's Lloyd does; the
 * rows that need a scan are gathered in `scratch` and scanned two at a time against four
 * centres at a time (eight independent sums: each value loaded once serves four products).
 * Mode 0 writes the rows' centre sums and counts to sums[slot·k·d …] and counts[slot·k …];
 * mode 1 writes only the changes (a row that moved from a to b adds to b and subtracts from
 * a), so an iteration where few rows move costs O(n) instead of O(n·d).
 * Returns the number of full scans.
 */
export function assignKernel(x, xn, d, c, cn, k, s, labels, upper, lower, sums, counts, slot, mode, i0, i1, scratch, best2, lowerK, shift) {
  const elkan = lowerK.length > 0;
  const so = slot * k * d;
  const ko = slot * k;
  for (let t = 0; t < k * d; t++) sums[so + t] = 0;
  for (let t = 0; t < k; t++) counts[ko + t] = 0;
  // phase 1: which rows need a scan
  let m = 0;
  for (let i = i0; i < i1; i++) {
    if (mode === 0) {
      scratch[i0 + m++] = i;
      continue;
    }
    const a = labels[i];
    // the bounds follow the centres' last moves: own centre's shift up, the largest shift down
    upper[i] += shift[a];
    lower[i] -= shift[k];
    const bound = s[a] > lower[i] ? s[a] : lower[i];
    if (upper[i] <= bound) continue;
    let q = 0;
    const xo = i * d;
    const co = a * d;
    for (let j = 0; j < d; j++) {
      const v = x[xo + j] - c[co + j];
      q += v * v;
    }
    upper[i] = Math.sqrt(q);
    if (upper[i] > bound) scratch[i0 + m++] = i;
  }
  // phase 2: scan rows in pairs; best2 holds [b1, b2, best] for each of the pair
  for (let p = 0; p < m; p += 2) {
    const ia = scratch[i0 + p];
    const ib = p + 1 < m ? scratch[i0 + p + 1] : ia;
    const xo = ia * d;
    const yo = ib * d;
    let ab1 = Infinity;
    let ab2 = Infinity;
    let abest = 0;
    let bb1 = Infinity;
    let bb2 = Infinity;
    let bbest = 0;
    let cc = 0;
    for (; cc + 3 < k; cc += 4) {
      const c0 = cc * d;
      const c1 = c0 + d;
      const c2 = c1 + d;
      const c3 = c2 + d;
      let p0 = 0;
      let p1 = 0;
      let p2 = 0;
      let p3 = 0;
      let q0 = 0;
      let q1 = 0;
      let q2 = 0;
      let q3 = 0;
      for (let j = 0; j < d; j++) {
        const xj = x[xo + j];
        const yj = x[yo + j];
        const w0 = c[c0 + j];
        const w1 = c[c1 + j];
        const w2 = c[c2 + j];
        const w3 = c[c3 + j];
        p0 += xj * w0;
        p1 += xj * w1;
        p2 += xj * w2;
        p3 += xj * w3;
        q0 += yj * w0;
        q1 += yj * w1;
        q2 += yj * w2;
        q3 += yj * w3;
      }
      for (let r = 0; r < 4; r++) {
        const dx = cn[cc + r] - 2 * (r === 0 ? p0 : r === 1 ? p1 : r === 2 ? p2 : p3);
        const dy0 = cn[cc + r] - 2 * (r === 0 ? q0 : r === 1 ? q1 : r === 2 ? q2 : q3);
        if (elkan) {
          const lx = xn[ia] + dx;
          const ly = xn[ib] + dy0;
          lowerK[ia * k + cc + r] = Math.sqrt(lx > 0 ? lx : 0) * (1 - 1e-12) - 1e-12;
          lowerK[ib * k + cc + r] = Math.sqrt(ly > 0 ? ly : 0) * (1 - 1e-12) - 1e-12;
        }
        if (dx < ab1) {
          ab2 = ab1;
          ab1 = dx;
          abest = cc + r;
        } else if (dx < ab2) ab2 = dx;
        const dy = dy0;
        if (dy < bb1) {
          bb2 = bb1;
          bb1 = dy;
          bbest = cc + r;
        } else if (dy < bb2) bb2 = dy;
      }
    }
    for (; cc < k; cc++) {
      const co = cc * d;
      let p0 = 0;
      let q0 = 0;
      for (let j = 0; j < d; j++) {
        p0 += x[xo + j] * c[co + j];
        q0 += x[yo + j] * c[co + j];
      }
      const dx = cn[cc] - 2 * p0;
      if (elkan) {
        const lx = xn[ia] + dx;
        const ly = xn[ib] + cn[cc] - 2 * q0;
        lowerK[ia * k + cc] = Math.sqrt(lx > 0 ? lx : 0) * (1 - 1e-12) - 1e-12;
        lowerK[ib * k + cc] = Math.sqrt(ly > 0 ? ly : 0) * (1 - 1e-12) - 1e-12;
      }
      if (dx < ab1) {
        ab2 = ab1;
        ab1 = dx;
        abest = cc;
      } else if (dx < ab2) ab2 = dx;
      const dy = cn[cc] - 2 * q0;
      if (dy < bb1) {
        bb2 = bb1;
        bb1 = dy;
        bbest = cc;
      } else if (dy < bb2) bb2 = dy;
    }
    best2[0] = ab1;
    best2[1] = ab2;
    best2[2] = abest;
    best2[3] = bb1;
    best2[4] = bb2;
    best2[5] = bbest;
    for (let h = 0; h < (ib === ia ? 1 : 2); h++) {
      const i = h === 0 ? ia : ib;
      const b1 = best2[h * 3];
      const b2 = best2[h * 3 + 1];
      const best = best2[h * 3 + 2];
      const old = labels[i];
      labels[i] = best;
      const u = xn[i] + b1;
      const l = xn[i] + b2;
      // small slack keeps the bounds valid despite rounding in the expanded form
      upper[i] = Math.sqrt(u > 0 ? u : 0) * (1 + 1e-12) + 1e-12;
      lower[i] = Math.sqrt(l > 0 ? l : 0) * (1 - 1e-12) - 1e-12;
      if (mode === 1 && best !== old) {
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
  }
  // phase 3 (mode 0): full sums
  if (mode === 0) {
    for (let i = i0; i < i1; i++) {
      const a = labels[i];
      counts[ko + a] += 1;
      const o = so + a * d;
      const xo = i * d;
      for (let j = 0; j < d; j++) sums[o + j] += x[xo + j];
    }
  }
  return m;
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
 * assignKernel). Returns the number of distances computed.
 */
export function elkanKernel(x, xn, d, c, cn, k, cc, s, shift, labels, upper, lowerK, sums, counts, slot, i0, i1) {
  const so = slot * k * d;
  const ko = slot * k;
  for (let t = 0; t < k * d; t++) sums[so + t] = 0;
  for (let t = 0; t < k; t++) counts[ko + t] = 0;
  let computed = 0;
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
        computed++;
        if (u <= lowerK[lo + t] || u <= cc[a * k + t]) continue;
      }
      let p = 0;
      const co = t * d;
      for (let j = 0; j < d; j++) p += x[xo + j] * c[co + j];
      const et = cn[t] - 2 * p;
      const q = xn[i] + et;
      const e = Math.sqrt(q > 0 ? q : 0);
      lowerK[lo + t] = e * (1 - 1e-12) - 1e-12;
      computed++;
      if (et < ea || (et === ea && t < a)) {
        a = t;
        ea = et;
        u = e * (1 + 1e-12) + 1e-12;
      }
    }
    upper[i] = u;
    if (a !== old) {
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
  return computed;
}

/**
 * Squared norms of rows [i0, i1) into xn, and their column sums and total into
 * colSums[slot·(d+1) …] (the last entry: Σ‖x‖²), for scikit-learn's tolerance scale.
 */
export function normsKernel(x, d, xn, colSums, slot, i0, i1) {
  const o = slot * (d + 1);
  for (let j = 0; j <= d; j++) colSums[o + j] = 0;
  let total = 0;
  for (let i = i0; i < i1; i++) {
    const xo = i * d;
    let q = 0;
    for (let j = 0; j < d; j++) {
      const v = x[xo + j];
      q += v * v;
      colSums[o + j] += v;
    }
    xn[i] = q;
    total += q;
  }
  colSums[o + d] = total;
}

/** Σ‖x − c[label]‖² over rows [i0, i1) into partial[slot]. */
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
 * k-means++ candidate potentials for rows [i0, i1): for each of `trials` candidate rows,
 * the new closest squared distance min(‖x − cand‖², closest[i]) into candDist[i·trials + t]
 * and its sum into pots[slot·trials + t].
 */
export function candidateKernel(x, xn, d, closest, cands, trials, candDist, pots, slot, i0, i1) {
  for (let t = 0; t < trials; t++) pots[slot * trials + t] = 0;
  // two rows against up to four candidates at a time: ‖x‖² + ‖y‖² − 2x·y, as scikit-learn's k-means++
  for (let i = i0; i < i1; i += 2) {
    const ib = i + 1 < i1 ? i + 1 : i;
    const xo = i * d;
    const yo = ib * d;
    for (let t = 0; t < trials; t += 4) {
      const nt = trials - t < 4 ? trials - t : 4;
      const c0 = cands[t] * d;
      const c1 = cands[nt > 1 ? t + 1 : t] * d;
      const c2 = cands[nt > 2 ? t + 2 : t] * d;
      const c3 = cands[nt > 3 ? t + 3 : t] * d;
      let p0 = 0;
      let p1 = 0;
      let p2 = 0;
      let p3 = 0;
      let q0 = 0;
      let q1 = 0;
      let q2 = 0;
      let q3 = 0;
      for (let j = 0; j < d; j++) {
        const xj = x[xo + j];
        const yj = x[yo + j];
        const w0 = x[c0 + j];
        const w1 = x[c1 + j];
        const w2 = x[c2 + j];
        const w3 = x[c3 + j];
        p0 += xj * w0;
        p1 += xj * w1;
        p2 += xj * w2;
        p3 += xj * w3;
        q0 += yj * w0;
        q1 += yj * w1;
        q2 += yj * w2;
        q3 += yj * w3;
      }
      for (let r = 0; r < nt; r++) {
        const cand = cands[t + r];
        let dx = xn[i] + xn[cand] - 2 * (r === 0 ? p0 : r === 1 ? p1 : r === 2 ? p2 : p3);
        if (dx < 0) dx = 0;
        const mx = dx < closest[i] ? dx : closest[i];
        candDist[i * trials + t + r] = mx;
        pots[slot * trials + t + r] += mx;
        if (ib !== i) {
          let dy = xn[ib] + xn[cand] - 2 * (r === 0 ? q0 : r === 1 ? q1 : r === 2 ? q2 : q3);
          if (dy < 0) dy = 0;
          const my = dy < closest[ib] ? dy : closest[ib];
          candDist[ib * trials + t + r] = my;
          pots[slot * trials + t + r] += my;
        }
      }
    }
  }
}
