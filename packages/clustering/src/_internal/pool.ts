// Long on purpose: the worker pool ships its kernels to threads as self-contained source, so
// the blocked loops they run cannot be split into shared helpers (issue 13 allows this room).
import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { assignKernel, candidateKernel, elkanKernel, inertiaKernel, normsKernel } from "./kernels.js";

/*
 * A tiny synchronous thread pool for the k-means kernels. Workers are eval'd from the
 * kernels' own source, so they need no file on disk (the same code runs from source, from
 * the ESM build and from the CJS build). The main thread hands out row ranges through a
 * SharedArrayBuffer control block and blocks in Atomics.wait until they are done, so the
 * public API stays synchronous. Workers are unref'd: they never keep a process alive.
 */

const TASK_SETUP = 0;
const TASK_ASSIGN = 1;
const TASK_CANDIDATES = 2;
const TASK_RELEASE = 3;
const TASK_ELKAN = 4;
const TASK_NORMS = 5;
const TASK_INERTIA = 6;

/**
 * The kernel with the row width `d` baked in as a constant: V8 then knows the inner loops'
 * trip count and unrolls them, about twice as fast as with `d` as a parameter. Generated from
 * the kernel's own source; `d` is a validated integer, so nothing else enters the code.
 */
function specialize<F extends (...args: never[]) => unknown>(fn: F, d: number): F {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`kernel width must be a positive integer, got ${d}`);
  const src = fn.toString();
  const open = src.indexOf("{");
  const head = src.slice(0, open).replace(/\bd\b/, "d_");
  return new Function(`return (${head}{ const d = ${d};${src.slice(open + 1)})`)() as F;
}

interface Kernels {
  assign: typeof assignKernel;
  candidates: typeof candidateKernel;
  elkan: typeof elkanKernel;
  norms: typeof normsKernel;
  inertia: typeof inertiaKernel;
}
const specialized = new Map<number, Kernels>();
function kernelsFor(d: number): Kernels {
  let k = specialized.get(d);
  if (!k) {
    k = {
      assign: specialize(assignKernel, d),
      candidates: specialize(candidateKernel, d),
      elkan: specialize(elkanKernel, d),
      norms: specialize(normsKernel, d),
      inertia: specialize(inertiaKernel, d),
    };
    specialized.set(d, k);
  }
  return k;
}

/**
 * Run freshly specialised kernels on synthetic rows of their width a few times, so that the first
 * real call (the first iteration of a run, timed by users and benches) gets optimised code rather
 * than the interpreter's. Self-contained (shipped to the workers as source); a few ms per width.
 */
function warmKernels(assign: typeof assignKernel, candidates: typeof candidateKernel, elkan: typeof elkanKernel, norms: typeof normsKernel, inertia: typeof inertiaKernel, d: number): void {
  const n = 2048;
  const k = 8;
  const t = 4;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = Math.sin(i);
  const xn = new Float64Array(n).fill(1);
  const c = x.slice(0, k * d);
  const cn = new Float64Array(k);
  const s = new Float64Array(k);
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const closest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const cands = new Int32Array([0, 1, 2, 3]);
  const candDist = new Float64Array(n * t);
  const pots = new Float64Array(t);
  const lowerK = new Float64Array(n * k);
  const noBounds = new Float64Array(0);
  const cc = new Float64Array(k * k);
  const shift = new Float64Array(k + 1);
  const scratch = new Int32Array(n);
  const best2 = new Float64Array(6);
  const part = new Float64Array(d + 1);
  for (let r = 0; r < 24; r++) {
    assign(x, xn, d, c, cn, k, s, labels, upper, lower, sums, counts, 0, r % 2, 0, n, scratch, best2, r % 3 === 0 ? lowerK : noBounds, shift);
    elkan(x, xn, d, c, cn, k, cc, s, shift, labels, upper, lowerK, sums, counts, 0, 0, n);
    norms(x, d, xn, part, 0, 0, n);
    inertia(x, d, c, labels, part, 0, 0, n);
    candidates(x, xn, d, closest, cands, t, candDist, pots, 0, 0, n);
  }
}

const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const specialize = ${specialize.toString()};
const genericAssign = ${assignKernel.toString()};
const genericCandidates = ${candidateKernel.toString()};
const genericElkan = ${elkanKernel.toString()};
const genericNorms = ${normsKernel.toString()};
const genericInertia = ${inertiaKernel.toString()};
const warmKernels = ${warmKernels.toString()};
let assignKernel = genericAssign;
let candidateKernel = genericCandidates;
let elkanKernel = genericElkan;
let normsKernel = genericNorms;
let inertiaKernel = genericInertia;
const { ctrl, port } = workerData;
let st = null;
const kernels = new Map();
const best2 = new Float64Array(6);
const NO_BOUNDS = new Float64Array(0);
let gen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, gen);
  gen = Atomics.load(ctrl, 0);
  const task = ctrl[1], i0 = ctrl[2], i1 = ctrl[3], slot = ctrl[5], mode = ctrl[6];
  try {
    if (task === ${TASK_SETUP}) {
      st = receiveMessageOnPort(port).message;
      const fresh = !kernels.has(st.d);
      if (fresh) kernels.set(st.d, [genericAssign, genericCandidates, genericElkan, genericNorms, genericInertia].map((f) => specialize(f, st.d)));
      [assignKernel, candidateKernel, elkanKernel, normsKernel, inertiaKernel] = kernels.get(st.d);
      if (fresh) warmKernels(assignKernel, candidateKernel, elkanKernel, normsKernel, inertiaKernel, st.d);
    }
    else if (task === ${TASK_ASSIGN}) ctrl[7] = assignKernel(st.x, st.xn, st.d, st.c, st.cn, st.k, st.s, st.labels, st.upper, st.lower, st.sums, st.counts, slot, mode, i0, i1, st.scratch, best2, mode === 0 && st.elkan ? st.lowerK : NO_BOUNDS, st.shift);
    else if (task === ${TASK_NORMS}) normsKernel(st.x, st.d, st.xn, st.colSums, slot, i0, i1);
    else if (task === ${TASK_INERTIA}) inertiaKernel(st.x, st.d, st.c, st.labels, st.partial, slot, i0, i1);
    else if (task === ${TASK_ELKAN}) ctrl[7] = elkanKernel(st.x, st.xn, st.d, st.c, st.cn, st.k, st.cc, st.s, st.shift, st.labels, st.upper, st.lowerK, st.sums, st.counts, slot, i0, i1);
    else if (task === ${TASK_CANDIDATES}) candidateKernel(st.x, st.xn, st.d, st.closest, st.cands, mode, st.candDist, st.pots, slot, i0, i1);
    else if (task === ${TASK_RELEASE}) st = null;
  } catch (e) {
    ctrl[7] = -1;
  }
  Atomics.store(ctrl, 4, gen);
  Atomics.notify(ctrl, 4);
}
`;

interface PoolWorker {
  worker: Worker;
  ctrl: Int32Array;
  port: MessagePort;
  gen: number;
}

let pool: PoolWorker[] | null = null;
let poolFailed = false;

/** Worker threads besides the main one: one fewer than the cores, at most `max`. */
export function helperThreads(max: number): PoolWorker[] {
  if (max <= 0 || poolFailed) return [];
  if (pool === null) {
    pool = [];
    const want = Math.max(0, availableParallelism() - 1);
    try {
      for (let t = 0; t < want; t++) {
        const ctrl = new Int32Array(new SharedArrayBuffer(8 * 4));
        const { port1, port2 } = new MessageChannel();
        const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ctrl, port: port2 }, transferList: [port2] });
        worker.unref();
        pool.push({ worker, ctrl, port: port1, gen: 0 });
      }
    } catch {
      poolFailed = true;
      pool = [];
    }
  }
  return pool.slice(0, max);
}

function start(w: PoolWorker, task: number, i0: number, i1: number, slot: number, mode = 0): void {
  w.ctrl[1] = task;
  w.ctrl[2] = i0;
  w.ctrl[3] = i1;
  w.ctrl[5] = slot;
  w.ctrl[6] = mode;
  w.gen++;
  Atomics.store(w.ctrl, 0, w.gen);
  Atomics.notify(w.ctrl, 0);
}

function join(w: PoolWorker): number {
  const deadline = Date.now() + 120_000;
  while (Atomics.load(w.ctrl, 4) !== w.gen) {
    Atomics.wait(w.ctrl, 4, Atomics.load(w.ctrl, 4), 1000);
    if (Date.now() > deadline) {
      poolFailed = true;
      throw new Error("k-means worker thread did not answer within 120 s");
    }
  }
  if (w.ctrl[7] === -1) throw new Error("k-means worker thread failed");
  return w.ctrl[7]!;
}

/** The shared state of one k-means run, in SharedArrayBuffers when helpers are used. */
export interface KMeansState {
  x: Float64Array;
  xn: Float64Array;
  d: number;
  c: Float64Array;
  cn: Float64Array;
  k: number;
  s: Float64Array;
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  sums: Float64Array;
  counts: Float64Array;
  closest: Float64Array;
  cands: Int32Array;
  trials: number;
  candDist: Float64Array;
  pots: Float64Array;
  scratch: Int32Array;
  /** Elkan: is this run using per-centre lower bounds (lowerK, n × k); half inter-centre distances (cc, k × k); the centres' last moves (shift, k, and their largest at [k]) */
  elkan: boolean;
  lowerK: Float64Array;
  cc: Float64Array;
  shift: Float64Array;
  /** per thread: column sums and Σ‖x‖² (T × (d + 1)); partial inertia (T) */
  colSums: Float64Array;
  partial: Float64Array;
}

function shared(n: number, Ctor: Float64ArrayConstructor | Int32ArrayConstructor, use: boolean): Float64Array & Int32Array {
  const buf = use ? new SharedArrayBuffer(n * Ctor.BYTES_PER_ELEMENT) : new ArrayBuffer(n * Ctor.BYTES_PER_ELEMENT);
  return new Ctor(buf as ArrayBuffer) as Float64Array & Int32Array;
}

/** A runner that splits row ranges across the main thread and the helpers. */
export interface KMeansRunner {
  st: KMeansState;
  threads: number;
  /** a full scan (mode 0; fills every Elkan bound when the run uses them) or a Hamerly pass (mode 1) */
  assign(mode: number): number;
  /** an Elkan pass (after a full scan) */
  elkan(): number;
  /** fill st.xn with the rows' squared norms; returns the column sums and Σ‖x‖² */
  norms(): { colSum: Float64Array; sqTotal: number };
  /** Σ‖x − c[label]‖² for the centres in st.c and the labels in st.labels */
  inertia(): number;
  /** candidate potentials for the first `trials` candidates (default: all) */
  candidates(trials?: number): void;
}

/**
 * The last shared state, kept for reuse: allocating (and zero-filling) fresh shared buffers
 * for a large matrix costs more than an iteration, and callers such as chooseK and nInit
 * restarts cluster the same shape again and again. Safe because k-means is synchronous and
 * copies its results out.
 */
let cached: { key: string; st: KMeansState } | null = null;

/**
 * Drop the shared buffers kept for reuse, here and in every helper thread, so the memory of a
 * large matrix is returned once the caller is done clustering it (discover and chooseK call this
 * when they finish; k-means called directly in a loop keeps the reuse).
 */
export function releaseKMeansBuffers(): void {
  cached = null;
  if (poolFailed) return;
  for (const w of pool ?? []) {
    start(w, TASK_RELEASE, 0, 0, 0);
    join(w);
  }
}

export function createRunner(data: Float64Array, n: number, d: number, k: number, trials: number, threadsWanted: number, elkan = false): KMeansRunner {
  const helpers = helperThreads(threadsWanted - 1);
  const use = helpers.length > 0;
  const T = helpers.length + 1;
  const key = `${n}x${d}x${k}x${trials}x${T}x${elkan}`;
  let st: KMeansState;
  if (use && cached?.key === key) {
    st = cached.st;
    st.x.set(data);
  } else {
    st = allocate(data, n, d, k, trials, T, use, elkan);
    if (use) cached = { key, st };
  }
  for (const w of helpers) {
    w.port.postMessage(st);
    start(w, TASK_SETUP, 0, 0, 0);
    join(w);
  }
  return runnerFor(st, helpers, n, d, k);
}

function allocate(data: Float64Array, n: number, d: number, k: number, trials: number, T: number, use: boolean, elkan: boolean): KMeansState {
  const x = use ? (shared(n * d, Float64Array, true) as Float64Array) : data;
  if (use) x.set(data);
  return {
    x,
    xn: shared(n, Float64Array, use),
    d,
    c: shared(k * d, Float64Array, use),
    cn: shared(k, Float64Array, use),
    k,
    s: shared(k, Float64Array, use),
    labels: shared(n, Int32Array, use) as Int32Array,
    upper: shared(n, Float64Array, use),
    lower: shared(n, Float64Array, use),
    sums: shared(T * k * d, Float64Array, use),
    counts: shared(T * k, Float64Array, use),
    closest: shared(n, Float64Array, use),
    cands: shared(Math.max(1, trials), Int32Array, use) as Int32Array,
    trials,
    candDist: shared(n * Math.max(1, trials), Float64Array, use),
    pots: shared(T * Math.max(1, trials), Float64Array, use),
    scratch: shared(n, Int32Array, use) as Int32Array,
    elkan,
    lowerK: shared(elkan ? n * k : 0, Float64Array, use),
    cc: shared(k * k, Float64Array, use),
    shift: shared(k + 1, Float64Array, use),
    colSums: shared(T * (d + 1), Float64Array, use),
    partial: shared(T, Float64Array, use),
  };
}

function runnerFor(st: KMeansState, helpers: PoolWorker[], n: number, d: number, k: number): KMeansRunner {
  const T = helpers.length + 1;
  const { assign: assignKernel, candidates: candidateKernel, elkan: elkanKernel, norms: normsKernel, inertia: inertiaKernel } = kernelsFor(d);
  /** run `task` on every helper's rows and `mine` on the main thread's, then wait for all */
  const parallel = (task: number, mine: (i0: number, i1: number) => void, mode = 0) => {
    helpers.forEach((w, h) => {
      const [a, b] = bounds(h + 1);
      start(w, task, a, b, h + 1, mode);
    });
    const [a, b] = bounds(0);
    mine(a, b);
    for (const w of helpers) join(w);
  };
  const best2 = new Float64Array(6);
  const noBounds = new Float64Array(0);
  const bounds = (t: number) => [Math.floor((t * n) / T), Math.floor(((t + 1) * n) / T)] as const;
  return {
    st,
    threads: T,
    assign(mode) {
      helpers.forEach((w, h) => {
        const [a, b] = bounds(h + 1);
        start(w, TASK_ASSIGN, a, b, h + 1, mode);
      });
      const [a, b] = bounds(0);
      let scans = assignKernel(
        st.x,
        st.xn,
        d,
        st.c,
        st.cn,
        k,
        st.s,
        st.labels,
        st.upper,
        st.lower,
        st.sums,
        st.counts,
        0,
        mode,
        a,
        b,
        st.scratch,
        best2,
        mode === 0 && st.elkan ? st.lowerK : noBounds,
        st.shift,
      );
      for (const w of helpers) scans += join(w);
      return scans;
    },
    norms() {
      parallel(TASK_NORMS, (a, b) => normsKernel(st.x, d, st.xn, st.colSums, 0, a, b));
      const colSum = new Float64Array(d);
      let sqTotal = 0;
      for (let t = 0; t < T; t++) {
        for (let j = 0; j < d; j++) colSum[j]! += st.colSums[t * (d + 1) + j]!;
        sqTotal += st.colSums[t * (d + 1) + d]!;
      }
      return { colSum, sqTotal };
    },
    inertia() {
      parallel(TASK_INERTIA, (a, b) => inertiaKernel(st.x, d, st.c, st.labels, st.partial, 0, a, b));
      let s = 0;
      for (let t = 0; t < T; t++) s += st.partial[t]!;
      return s;
    },
    elkan() {
      helpers.forEach((w, h) => {
        const [a, b] = bounds(h + 1);
        start(w, TASK_ELKAN, a, b, h + 1);
      });
      const [a, b] = bounds(0);
      let computed = elkanKernel(st.x, st.xn, d, st.c, st.cn, k, st.cc, st.s, st.shift, st.labels, st.upper, st.lowerK, st.sums, st.counts, 0, a, b);
      for (const w of helpers) computed += join(w);
      return computed;
    },
    candidates(trials = st.trials) {
      helpers.forEach((w, h) => {
        const [a, b] = bounds(h + 1);
        start(w, TASK_CANDIDATES, a, b, h + 1, trials);
      });
      const [a, b] = bounds(0);
      candidateKernel(st.x, st.xn, d, st.closest, st.cands, trials, st.candDist, st.pots, 0, a, b);
      for (const w of helpers) join(w);
    },
  };
}
