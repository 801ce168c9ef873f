import { wasmExports, wasmKernel, wasmMemory } from "@fib/geometry/internal";
import { HUNGARIAN_WASM } from "./hungarianWasm.js";

/** number[][] → row-major, checking every row has the first row's length. */
function fromRows(cost: readonly (readonly number[])[]): { rows: number; cols: number; data: Float64Array } {
  const cols = cost.length === 0 ? 0 : (cost[0]?.length ?? 0);
  const data = new Float64Array(cost.length * cols);
  cost.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== cols) throw new TypeError(`hungarian: row ${i} has ${Array.isArray(row) ? row.length : "no"} columns, expected ${cols} (a rectangular number[][])`);
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j] as number;
  });
  return { rows: cost.length, cols, data };
}

/**
 * Minimum-cost assignment by shortest augmenting paths (Crouse 2016, the algorithm behind
 * scipy's `linear_sum_assignment`), after a Jonker–Volgenant column reduction on square
 * problems: one Dijkstra-like search per free row over the columns not yet scanned, with dual
 * potentials updated once per augmentation, O(n²m) worst case. `cost` is
 * rows × cols, row-major (or nested arrays); rectangular is allowed: every row of the smaller
 * side is assigned. Returns `assignment[row] = col` (or -1 when rows > cols and the row is left
 * out) and the total cost.
 */
export function hungarian(cost: { rows: number; cols: number; data: ArrayLike<number> } | readonly (readonly number[])[]): { assignment: Int32Array; cost: number } {
  const m = Array.isArray(cost) ? fromRows(cost as readonly (readonly number[])[]) : (cost as { rows: number; cols: number; data: ArrayLike<number> });
  const { rows, cols } = m;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || !m.data || m.data.length < rows * cols) {
    throw new TypeError(`hungarian: expected a cost matrix as number[][] or { rows, cols, data } with rows × cols values, got rows=${rows}, cols=${cols}, ${m.data?.length ?? "no"} values`);
  }
  const transpose = rows > cols;
  const nr = transpose ? cols : rows; // nr ≤ nc
  const nc = transpose ? rows : cols;
  // square problems of 64 × 64 and up scan rows with the SIMD kernel: c and v live in its memory
  const ws = nr === nc && nr * nc >= 4096 ? scanSpace(nr * nc, nc) : null;
  const c = copyChecked(m, transpose, nr, nc, ws?.c);

  const u = new Float64Array(nr);
  const v = ws?.v ?? new Float64Array(nc);
  const col4row = new Int32Array(nr).fill(-1);
  const row4col = new Int32Array(nc).fill(-1);

  // Square problems start with Jonker–Volgenant's column reduction (v[j] = the column minimum,
  // each column's argmin row takes it when free) and two passes of augmenting row reduction,
  // which settle most rows cheaply; only the rows left free need a shortest augmenting path.
  // Dual feasibility (c − u − v ≥ 0) and complementary slackness hold throughout.
  // Rectangular problems start from zero potentials, as scipy does.
  if (nr === nc) jonkerVolgenantInit(c, nr, nc, u, v, col4row, row4col, ws);

  const work = {
    spc: new Float64Array(nc),
    path: new Int32Array(nc).fill(-1),
    SR: new Uint8Array(nr),
    SC: new Uint8Array(nc),
    remaining: new Int32Array(nc),
    scannedRows: [] as number[],
    scannedCols: [] as number[],
  };
  for (let cur = 0; cur < nr; cur++) if (col4row[cur] === -1) augmentFrom(cur, c, nr, nc, u, v, col4row, row4col, work);
  const assignment = new Int32Array(rows).fill(-1);
  let total = 0;
  for (let r = 0; r < nr; r++) {
    const j = col4row[r] as number;
    const row = transpose ? j : r;
    const col = transpose ? r : j;
    assignment[row] = col;
    total += m.data[row * cols + col] as number;
  }
  return { assignment, cost: total };
}

/** The cost matrix as rows ≤ cols (transposed when rows > cols), every cost checked to be a finite number (x − x is 0 only for finite x). */
function copyChecked(m: { rows: number; cols: number; data: ArrayLike<number> }, transpose: boolean, nr: number, nc: number, into?: Float64Array): Float64Array {
  const { rows, cols } = m;
  const c = into ?? new Float64Array(nr * nc);
  let bad = -1;
  if (transpose) {
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        const x = m.data[i * cols + j] as number;
        if ((typeof x !== "number" || x - x !== 0) && bad < 0) bad = i * cols + j;
        c[j * nc + i] = x;
      }
  } else {
    for (let i = 0; i < rows * cols; i++) {
      const x = m.data[i] as number;
      if ((typeof x !== "number" || x - x !== 0) && bad < 0) bad = i;
      c[i] = x;
    }
  }
  if (bad >= 0) throw new RangeError(`hungarian: costs must be finite numbers; row ${Math.floor(bad / cols)}, column ${bad % cols} is ${m.data[bad]}`);
  return c;
}

/**
 * Square problems: Jonker–Volgenant's column reduction (v[j] = the column minimum, each column's
 * argmin row takes it when free) and two passes of augmenting row reduction, then u from v. The
 * phases are separate functions so that the engine optimises each with its own type feedback (one
 * long function was recompiled on-stack four times, each time bailing out in a branch not yet run).
 */
function jonkerVolgenantInit(c: Float64Array, nr: number, nc: number, u: Float64Array, v: Float64Array, col4row: Int32Array, row4col: Int32Array, ws: ScanSpace | null): void {
  // each column's minimum (its first row on ties), in one row-major pass
  const colBest = new Int32Array(nc);
  v.set(c.subarray(0, nc));
  for (let r = 1; r < nr; r++) {
    const ro = r * nc;
    for (let j = 0; j < nc; j++) {
      const x = c[ro + j] as number;
      if (x < (v[j] as number)) {
        v[j] = x;
        colBest[j] = r;
      }
    }
  }
  for (let j = nc - 1; j >= 0; j--) {
    const best = colBest[j] as number;
    if (col4row[best] === -1) {
      col4row[best] = j;
      row4col[j] = best;
    }
  }
  let free: number[] = [];
  for (let r = 0; r < nr; r++) if (col4row[r] === -1) free.push(r);
  for (let pass = 0; pass < 2 && free.length > 0; pass++) {
    const next: number[] = [];
    let k = 0;
    // bounds the re-queued rows of one pass: a displaced row can bounce for long on uniform costs,
    // and the shortest augmenting paths below finish the rows left faster. Ten scans per free row
    // was the fastest on uniform costs at 200 × 200 and 500 × 500 (free × cols scans: 1.5–2× slower)
    let budget = free.length * 10;
    while (k < free.length && budget-- > 0) {
      const i = free[k++] as number;
      const ro = i * nc;
      let u1 = Number.POSITIVE_INFINITY;
      let u2 = Number.POSITIVE_INFINITY;
      let j1 = -1;
      let j2 = -1;
      // the two smallest reduced costs (first index on ties); four columns are tested at once
      // against u2, which most of them do not beat, before any is looked at in order
      if (ws) {
        ws.twomin(c.byteOffset + 8 * ro, v.byteOffset, nc, ws.out);
        u1 = ws.f64[ws.out / 8] as number;
        u2 = ws.f64[ws.out / 8 + 1] as number;
        j1 = ws.i32[ws.out / 4 + 4] as number;
        j2 = ws.i32[ws.out / 4 + 5] as number;
      }
      let j = ws ? nc : 0;
      for (; j + 3 < nc; j += 4) {
        const h0 = (c[ro + j] as number) - (v[j] as number);
        const h1 = (c[ro + j + 1] as number) - (v[j + 1] as number);
        const h2 = (c[ro + j + 2] as number) - (v[j + 2] as number);
        const h3 = (c[ro + j + 3] as number) - (v[j + 3] as number);
        if (h0 >= u2 && h1 >= u2 && h2 >= u2 && h3 >= u2) continue;
        for (let t = 0; t < 4; t++) {
          const h = t === 0 ? h0 : t === 1 ? h1 : t === 2 ? h2 : h3;
          if (h < u2) {
            if (h < u1) {
              u2 = u1;
              j2 = j1;
              u1 = h;
              j1 = j + t;
            } else {
              u2 = h;
              j2 = j + t;
            }
          }
        }
      }
      for (; j < nc; j++) {
        const h = (c[ro + j] as number) - (v[j] as number);
        if (h < u2) {
          if (h < u1) {
            u2 = u1;
            j2 = j1;
            u1 = h;
            j1 = j;
          } else {
            u2 = h;
            j2 = j;
          }
        }
      }
      let i0 = row4col[j1] as number;
      if (u1 < u2) v[j1] = (v[j1] as number) - (u2 - u1);
      else if (i0 !== -1 && j2 !== -1) {
        j1 = j2;
        i0 = row4col[j2] as number;
      }
      row4col[j1] = i;
      col4row[i] = j1;
      if (i0 !== -1) {
        col4row[i0] = -1;
        if (u1 < u2)
          free[--k] = i0; // process the displaced row next, in this pass
        else next.push(i0);
      }
    }
    for (; k < free.length; k++) next.push(free[k] as number); // budget exhausted: carry over
    free = next;
  }
  for (let r = 0; r < nr; r++) {
    const j = col4row[r] as number;
    if (j !== -1) u[r] = (c[r * nc + j] as number) - (v[j] as number);
  }
}

interface PathWork {
  spc: Float64Array;
  path: Int32Array;
  SR: Uint8Array;
  SC: Uint8Array;
  remaining: Int32Array;
  scannedRows: number[];
  scannedCols: number[];
}

/** One shortest augmenting path from free row `cur` (Crouse 2016), then the dual update and the augmentation. */
function augmentFrom(cur: number, c: Float64Array, nr: number, nc: number, u: Float64Array, v: Float64Array, col4row: Int32Array, row4col: Int32Array, work: PathWork): void {
  const { spc, path, SR, SC, remaining, scannedRows, scannedCols } = work;
  // augmenting path search from row `cur`
  let minVal = 0;
  let num = nc;
  for (let it = 0; it < nc; it++) remaining[it] = nc - it - 1;
  SR.fill(0);
  SC.fill(0);
  spc.fill(Number.POSITIVE_INFINITY);
  scannedRows.length = 0;
  scannedCols.length = 0;
  let i = cur;
  let sink = -1;
  while (sink === -1) {
    SR[i] = 1;
    scannedRows.push(i);
    let index = -1;
    let lowest = Number.POSITIVE_INFINITY;
    const base = minVal - (u[i] as number);
    const ro = i * nc;
    for (let it = 0; it < num; it++) {
      const j = remaining[it] as number;
      const r = base + (c[ro + j] as number) - (v[j] as number);
      if (r < (spc[j] as number)) {
        path[j] = i;
        spc[j] = r;
      }
      const s = spc[j] as number;
      if (s < lowest || (s === lowest && row4col[j] === -1)) {
        lowest = s;
        index = it;
      }
    }
    minVal = lowest;
    if (minVal === Number.POSITIVE_INFINITY) throw new RangeError("hungarian: infeasible cost matrix");
    const j = remaining[index] as number;
    if (row4col[j] === -1) sink = j;
    else i = row4col[j] as number;
    SC[j] = 1;
    scannedCols.push(j);
    remaining[index] = remaining[--num] as number;
  }
  // update the dual potentials
  u[cur] = (u[cur] as number) + minVal;
  for (const r of scannedRows) if (r !== cur) u[r] = (u[r] as number) + minVal - (spc[col4row[r] as number] as number);
  for (const j of scannedCols) v[j] = (v[j] as number) - (minVal - (spc[j] as number));
  // augment along the path
  let j = sink;
  for (;;) {
    const r = path[j] as number;
    row4col[j] = r;
    const prev = col4row[r] as number;
    col4row[r] = j;
    if (r === cur) break;
    j = prev;
  }
}

/** The scan kernel's memory: c (n values), v (nc), and its 24-byte result at byte offset `out`. */
interface ScanSpace {
  c: Float64Array;
  v: Float64Array;
  f64: Float64Array;
  i32: Int32Array;
  out: number;
  twomin: (row: number, v: number, nc: number, out: number) => void;
}

const scanModule = wasmKernel(HUNGARIAN_WASM);

/**
 * The scan kernel's memory for one call, or null without WebAssembly SIMD (then the JavaScript
 * scan). Fresh memory costs page faults — allocating 320 KB took longer than copying 200 × 200
 * costs into it — so one memory of up to 4 MB is kept and reused; larger problems get their own,
 * dropped with the call.
 */
function scanSpace(n: number, nc: number): ScanSpace | null {
  const module = scanModule();
  if (!module) return null;
  const bytes = 8 * (n + nc) + 32;
  let kept = keptSpace && keptSpace.bytes >= bytes ? keptSpace : null;
  if (!kept) {
    const mem = wasmMemory(bytes);
    if (!mem) return null;
    const { twomin } = wasmExports<{ twomin: ScanSpace["twomin"] }>(module, mem);
    kept = { bytes: mem.buffer.byteLength, f64: new Float64Array(mem.buffer), i32: new Int32Array(mem.buffer), twomin };
    if (kept.bytes <= KEEP_BYTES) keptSpace = kept;
  }
  const { f64, i32, twomin } = kept;
  return { c: f64.subarray(0, n), v: f64.subarray(n, n + nc), f64, i32, out: 8 * (n + nc), twomin };
}

const KEEP_BYTES = 4 * 2 ** 20;
let keptSpace: { bytes: number; f64: Float64Array; i32: Int32Array; twomin: ScanSpace["twomin"] } | null = null;
