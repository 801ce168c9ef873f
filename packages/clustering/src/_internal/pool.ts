// The worker pool and the runner that splits row ranges across it; the kernels it ships to threads
// as source are in kernels.js and rowKernels.js, the state they share in state.ts.
import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { wasmExports, wasmKernel } from "@fib/geometry/internal";
import { DOTS_WASM } from "./dotsWasm.js";
import { assignKernel, candidateKernel, elkanKernel, inertiaKernel, normsKernel } from "./kernels.js";
import { dotsJs, sqdistJs } from "./rowKernels.js";
import { warmKernels } from "./warm.js";
import { allocate, allocateWasm, type KMeansState } from "./state.js";

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
  dotsJs: typeof dotsJs;
  assign: typeof assignKernel;
  candidates: typeof candidateKernel;
  elkan: typeof elkanKernel;
  norms: typeof normsKernel;
  inertia: typeof inertiaKernel;
  sqdist: typeof sqdistJs;
}
const specialized = new Map<number, Kernels>();
function kernelsFor(d: number): Kernels {
  let k = specialized.get(d);
  if (!k) {
    k = {
      dotsJs: specialize(dotsJs, d),
      assign: specialize(assignKernel, d),
      candidates: specialize(candidateKernel, d),
      elkan: specialize(elkanKernel, d),
      norms: specialize(normsKernel, d),
      inertia: specialize(inertiaKernel, d),
      sqdist: specialize(sqdistJs, d),
    };
    warmKernels(k.dotsJs, k.assign, k.candidates, k.elkan, k.norms, k.inertia, k.sqdist, d);
    specialized.set(d, k);
  }
  return k;
}

const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const specialize = ${specialize.toString()};
const genericDotsJs = ${dotsJs.toString()};
const genericAssign = ${assignKernel.toString()};
const genericCandidates = ${candidateKernel.toString()};
const genericElkan = ${elkanKernel.toString()};
const genericNorms = ${normsKernel.toString()};
const genericInertia = ${inertiaKernel.toString()};
const genericSqdist = ${sqdistJs.toString()};
const warmKernels = ${warmKernels.toString()};
let dotsJs = genericDotsJs;
let wasm = null;
let assignKernel = genericAssign;
let candidateKernel = genericCandidates;
let elkanKernel = genericElkan;
let normsKernel = genericNorms;
let inertiaKernel = genericInertia;
let sqdistJs = genericSqdist;
const { ctrl, port } = workerData;
Atomics.store(ctrl, 8, 1); // ready: the main thread waits for this before handing out work
Atomics.notify(ctrl, 8);
let st = null;
const kernels = new Map();
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
      if (fresh) kernels.set(st.d, [genericDotsJs, genericAssign, genericCandidates, genericElkan, genericNorms, genericInertia, genericSqdist].map((f) => specialize(f, st.d)));
      [dotsJs, assignKernel, candidateKernel, elkanKernel, normsKernel, inertiaKernel, sqdistJs] = kernels.get(st.d);
      if (fresh) warmKernels(dotsJs, assignKernel, candidateKernel, elkanKernel, normsKernel, inertiaKernel, sqdistJs, st.d);
      // the SIMD kernel, instantiated on this state's WebAssembly memory (shared with the main thread)
      wasm = st.mem ? new WebAssembly.Instance(st.module, { env: { mem: st.mem } }).exports : null;
    }
    else if (task === ${TASK_ASSIGN}) ctrl[7] = assignKernel(st.x, st.xn, st.d, st.c, st.cn, st.k, st.s, st.labels, st.upper, st.lower, st.sums, st.counts, slot, mode, i0, i1, st.scratch, mode === 0 && st.elkan ? st.lowerK : NO_BOUNDS, st.shift, wasm, dotsJs, st.out, st.offs, sqdistJs);
    else if (task === ${TASK_NORMS}) normsKernel(st.x, st.d, st.xn, st.colSums, slot, i0, i1, st.x);
    else if (task === ${TASK_INERTIA}) inertiaKernel(st.x, st.d, st.c, st.labels, st.partial, slot, i0, i1);
    else if (task === ${TASK_ELKAN}) ctrl[7] = elkanKernel(st.x, st.xn, st.d, st.c, st.cn, st.k, st.cc, st.s, st.shift, st.labels, st.upper, st.lowerK, st.sums, st.counts, slot, i0, i1);
    else if (task === ${TASK_CANDIDATES}) candidateKernel(st.x, st.xn, st.d, st.closest, st.cands, mode, st.candDist, st.pots, slot, i0, i1, st.scratch, st.candRows, wasm, dotsJs, st.out, st.offs);
    else if (task === ${TASK_RELEASE}) {
      st = null;
      wasm = null;
    }
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

let helperLimit = Number.POSITIVE_INFINITY;
/** Tests only: use at most `n` helper threads (a machine with fewer cores); no argument lifts the limit. */
export function helperLimitForTests(n?: number): void {
  helperLimit = n ?? Number.POSITIVE_INFINITY;
}

/** Worker threads besides the main one: one fewer than the cores, at most `max` (started when first wanted). */
export function helperThreads(max: number): PoolWorker[] {
  max = Math.min(max, helperLimit);
  if (max <= 0 || poolFailed) return [];
  const want = Math.min(max, Math.max(0, availableParallelism() - 1));
  if (pool === null || pool.length < want) {
    pool ??= [];
    const before = pool.length;
    try {
      // the worker source is CommonJS: a flag that makes eval'd code a module (node --input-type=module)
      // must not reach it
      const execArgv = process.execArgv.filter((a) => !a.startsWith("--input-type") && !a.startsWith("--experimental-default-type"));
      for (let t = before; t < want; t++) {
        const ctrl = new Int32Array(new SharedArrayBuffer(9 * 4));
        const { port1, port2 } = new MessageChannel();
        const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv, workerData: { ctrl, port: port2 }, transferList: [port2] });
        worker.unref();
        pool.push({ worker, ctrl, port: port1, gen: 0 });
      }
      // a worker that cannot start (no eval, a broken environment) would leave every task waiting:
      // wait for each to say it is ready, and run single-threaded if one does not within 10 s
      for (const w of pool.slice(before)) {
        if (Atomics.wait(w.ctrl, 8, 0, 10_000) === "timed-out" && Atomics.load(w.ctrl, 8) === 0) throw new Error("k-means worker thread did not start");
      }
    } catch {
      poolFailed = true;
      for (const w of pool) void w.worker.terminate();
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

/**
 * A runner that splits the rows into `parts` fixed ranges, each with its own partial sums (merged in
 * range order by the caller), and runs the ranges on the main thread and the helpers: range p on
 * helper p where there is one, on the main thread after its own range where there is not. The numbers
 * depend on `parts`, never on how many threads ran them.
 */
export interface KMeansRunner {
  st: KMeansState;
  parts: number;
  /** a full scan (mode 0; fills every Elkan bound when the run uses them) or a Hamerly pass (mode 1); returns the number of labels that changed */
  assign(mode: number): number;
  /** an Elkan pass (after a full scan); returns the number of labels that changed */
  elkan(): number;
  /** fill st.xn with the rows' squared norms; returns the column sums and Σ‖x‖². The first call after createRunner also finishes copying the matrix in: call it first. */
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

/** dots.wat's exports (byte offsets into the module's memory; see kernels.js and dots.wat). */
type DotsExports = NonNullable<Parameters<typeof assignKernel>[19]>;

/** The SIMD dot-product module, compiled once; null where this runtime lacks WebAssembly SIMD or threads. */
const simdModule = wasmKernel(DOTS_WASM);

/** rows × d (row-major) into out as d × kp (out[j·kp + r]), kp ≥ rows; the padding is left as is (zero). */
function transposeInto(src: Float64Array, rows: number, d: number, out: Float64Array, kp: number): void {
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) out[j * kp + r] = src[r * d + j]!;
}

/** Rows × width from which the SIMD kernel is used by default (smaller runs stay on plain arrays: no copy). */
export const SIMD_MIN_VALUES = 50_000;

export function createRunner(data: Float64Array, n: number, d: number, k: number, trials: number, parts: number, elkan = false, simd?: boolean): KMeansRunner {
  const T = Math.max(1, Math.floor(parts));
  const helpers = helperThreads(T - 1);
  const use = helpers.length > 0;
  const module = (simd ?? n * d >= SIMD_MIN_VALUES) ? simdModule() : null;
  const key = `${n}x${d}x${k}x${trials}x${T}x${elkan}x${module !== null}`;
  let st: KMeansState | null = null;
  if (cached?.key === key) st = cached.st;
  else {
    if (module) st = allocateWasm(n, d, k, trials, T, elkan, module);
    if (!st) st = allocate(data, n, d, k, trials, T, use, elkan);
    if (use || st.mem) cached = { key, st };
  }
  // the matrix goes into the state's buffers (unless they are `data` itself) overlapped with the
  // first pass: the helpers set up while this thread copies their rows; then they compute their rows'
  // norms while this thread copies its own rows and computes theirs in the same pass (normsKernel's `src`)
  const bounds = (t: number) => [Math.floor((t * n) / T), Math.floor(((t + 1) * n) / T)] as const;
  const copy = st.x !== data;
  for (const w of helpers) {
    w.port.postMessage(st);
    start(w, TASK_SETUP, 0, 0, 0);
  }
  if (copy) st.x.set(data.subarray(bounds(1)[0] * d), bounds(1)[0] * d);
  for (const w of helpers) join(w);
  return runnerFor(st, helpers, T, n, d, k, copy ? data : st.x);
}

function runnerFor(st: KMeansState, helpers: PoolWorker[], T: number, n: number, d: number, k: number, src: Float64Array): KMeansRunner {
  const { dotsJs, assign: assignKernel, candidates: candidateKernel, elkan: elkanKernel, norms: normsKernel, inertia: inertiaKernel, sqdist } = kernelsFor(d);
  // the SIMD kernel on this state's memory (workers instantiate their own at setup)
  const wasm = st.mem && st.module ? wasmExports<DotsExports>(st.module, st.mem) : null;
  /**
   * Run `task` on ranges 1 … helpers on the helpers and `mine` on range 0, then on the ranges no helper
   * took (one thread fewer than ranges: a machine with fewer cores gets the same sums), then wait for
   * all; returns the sum of what they return (labels changed, for the passes).
   */
  const parallel = (task: number, mine: (slot: number, i0: number, i1: number) => number | void, mode = 0): number => {
    helpers.forEach((w, h) => {
      const [a, b] = bounds(h + 1);
      start(w, task, a, b, h + 1, mode);
    });
    let total = 0;
    for (let p = 0; p < T; p = p === 0 ? helpers.length + 1 : p + 1) {
      const [a, b] = bounds(p);
      total += mine(p, a, b) ?? 0;
    }
    for (const w of helpers) total += join(w);
    return total;
  };
  const noBounds = new Float64Array(0);
  const bounds = (t: number) => [Math.floor((t * n) / T), Math.floor(((t + 1) * n) / T)] as const;
  return {
    st,
    parts: T,
    assign(mode) {
      if (wasm) transposeInto(st.c, k, d, st.cT, st.offs[14]!);
      return parallel(
        TASK_ASSIGN,
        (slot, a, b) =>
          assignKernel(
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
            slot,
            mode,
            a,
            b,
            st.scratch,
            mode === 0 && st.elkan ? st.lowerK : noBounds,
            st.shift,
            wasm,
            dotsJs,
            st.out,
            st.offs,
            sqdist,
          ),
        mode,
      );
    },
    norms() {
      // this thread's rows still to copy from `src` on the first call (see createRunner)
      // (the other ranges' rows were copied in createRunner)
      parallel(TASK_NORMS, (slot, a, b) => normsKernel(st.x, d, st.xn, st.colSums, slot, a, b, slot === 0 ? src : st.x));
      src = st.x;
      const colSum = new Float64Array(d);
      let sqTotal = 0;
      for (let t = 0; t < T; t++) {
        for (let j = 0; j < d; j++) colSum[j]! += st.colSums[t * (d + 1) + j]!;
        sqTotal += st.colSums[t * (d + 1) + d]!;
      }
      return { colSum, sqTotal };
    },
    inertia() {
      parallel(TASK_INERTIA, (slot, a, b) => inertiaKernel(st.x, d, st.c, st.labels, st.partial, slot, a, b));
      let s = 0;
      for (let t = 0; t < T; t++) s += st.partial[t]!;
      return s;
    },
    elkan() {
      return parallel(TASK_ELKAN, (slot, a, b) => elkanKernel(st.x, st.xn, d, st.c, st.cn, k, st.cc, st.s, st.shift, st.labels, st.upper, st.lowerK, st.sums, st.counts, slot, a, b));
    },
    candidates(trials = st.trials) {
      // the candidates' rows side by side, for the dot-product kernels
      for (let t = 0; t < trials; t++) {
        st.candRows.set(st.x.subarray(st.cands[t]! * d, (st.cands[t]! + 1) * d), t * d);
        st.candXn[t] = st.xn[st.cands[t]!]!;
      }
      if (wasm) {
        // this call's candidates transposed, padded to an even count (the padding stays zero)
        const tp = trials + (trials & 1);
        st.candT.fill(0, 0, d * tp);
        for (let t = 0; t < trials; t++) for (let j = 0; j < d; j++) st.candT[j * tp + t] = st.candRows[t * d + j]!;
        st.offs[16] = tp;
      }
      parallel(
        TASK_CANDIDATES,
        (slot, a, b) => {
          candidateKernel(st.x, st.xn, d, st.closest, st.cands, trials, st.candDist, st.pots, slot, a, b, st.scratch, st.candRows, wasm, dotsJs, st.out, st.offs);
          return 0;
        },
        trials,
      );
    },
  };
}
