/**
 * Minimum-cost assignment (the Hungarian method, shortest augmenting paths with potentials,
 * O(n²m)). `cost` is rows × cols, row-major; rectangular is allowed: every row of the smaller
 * side is assigned. Returns `assignment[row] = col` (or -1 when rows > cols and the row is left
 * out) and the total cost — the same optimum as scipy's `linear_sum_assignment`.
 */
export function hungarian(cost: { rows: number; cols: number; data: ArrayLike<number> } | readonly (readonly number[])[]): { assignment: Int32Array; cost: number } {
  const m = Array.isArray(cost)
    ? { rows: cost.length, cols: cost.length === 0 ? 0 : (cost[0] as number[]).length, data: Float64Array.from((cost as number[][]).flat()) }
    : (cost as { rows: number; cols: number; data: ArrayLike<number> });
  const { rows, cols } = m;
  const transpose = rows > cols;
  const n = transpose ? cols : rows; // n ≤ w
  const w = transpose ? rows : cols;
  const at = transpose ? (i: number, j: number) => m.data[j * cols + i] as number : (i: number, j: number) => m.data[i * cols + j] as number;
  for (let i = 0; i < m.rows * m.cols; i++) if (!Number.isFinite(m.data[i] as number)) throw new RangeError("hungarian: costs must be finite");
  // 1-based potentials and matching, e-maxx formulation
  const u = new Float64Array(n + 1);
  const v = new Float64Array(w + 1);
  const p = new Int32Array(w + 1); // p[j] = row matched to column j (1-based), 0 = free
  const way = new Int32Array(w + 1);
  const minv = new Float64Array(w + 1);
  const used = new Uint8Array(w + 1);
  const row = new Float64Array(w);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Number.POSITIVE_INFINITY);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0] as number;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      const ui0 = u[i0] as number;
      for (let j = 0; j < w; j++) row[j] = at(i0 - 1, j);
      for (let j = 1; j <= w; j++) {
        if (used[j]) continue;
        const cur = (row[j - 1] as number) - ui0 - (v[j] as number);
        if (cur < (minv[j] as number)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      for (let j = 0; j <= w; j++) {
        if (used[j]) {
          u[p[j] as number] = (u[p[j] as number] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else minv[j] = (minv[j] as number) - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      p[j0] = p[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const assignment = new Int32Array(rows).fill(-1);
  let total = 0;
  for (let j = 1; j <= w; j++) {
    const i = p[j] as number;
    if (i === 0) continue;
    const r = transpose ? j - 1 : i - 1;
    const c = transpose ? i - 1 : j - 1;
    assignment[r] = c;
    total += m.data[r * cols + c] as number;
  }
  return { assignment, cost: total };
}
