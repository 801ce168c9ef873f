import type { WasmMemory, WasmModule } from "@fib/geometry/internal";
import { wasmMemory } from "@fib/geometry/internal";

/*
 * The state of one k-means run: every array the kernels read and write, allocated in one of two
 * ways with one layout — plain or SharedArrayBuffers (JavaScript kernels), or views of one shared
 * WebAssembly memory (the SIMD kernels in dots.wat read and write the same arrays).
 */

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
  /** per thread, a block of 256 rows' dot products (T × 256 × max(k, trials)); the k-means++ candidates' rows (trials × d) and squared norms */
  out: Float64Array;
  candRows: Float64Array;
  candXn: Float64Array;
  /** the centres and the k-means++ candidates transposed (d × an even count, zero padding), as the SIMD kernels read them */
  cT: Float64Array;
  candT: Float64Array;
  /** byte offsets in `mem` of x, c, scratch, out, then the block width, and those of candRows, labels, sums, xn, candXn, closest, candDist, pots, cT, its padded width, candT, its padded width, then cn, upper, lower, counts, s, shift (the SIMD kernels' arguments) */
  offs: Int32Array;
  /** the WebAssembly memory every array above lives in (the SIMD kernel reads it), or null: plain buffers and the JavaScript kernels */
  mem: WasmMemory | null;
  module: WasmModule | null;
}

function shared(n: number, Ctor: Float64ArrayConstructor | Int32ArrayConstructor, use: boolean): Float64Array & Int32Array {
  const buf = use ? new SharedArrayBuffer(n * Ctor.BYTES_PER_ELEMENT) : new ArrayBuffer(n * Ctor.BYTES_PER_ELEMENT);
  return new Ctor(buf as ArrayBuffer) as Float64Array & Int32Array;
}

/** Element counts of every array of a state, in one order (allocate and allocateWasm share it). */
function layout(n: number, d: number, k: number, trials: number, T: number, elkan: boolean) {
  const tr = Math.max(1, trials);
  return {
    f64: {
      x: n * d,
      xn: n,
      c: k * d,
      cn: k,
      s: k,
      upper: n,
      lower: n,
      sums: T * k * d,
      counts: T * k,
      closest: n,
      candDist: n * tr,
      pots: T * tr,
      lowerK: elkan ? n * k : 0,
      cc: k * k,
      shift: k + 1,
      colSums: T * (d + 1),
      partial: T,
      out: T * 256 * Math.max(k, tr),
      candRows: tr * d,
      candXn: tr,
      cT: d * (k + (k & 1)),
      candT: d * (tr + (tr & 1)),
    },
    i32: { labels: n, cands: tr, scratch: n, offs: 23 },
  };
}

function stateOf(arrays: Record<string, Float64Array | Int32Array>, d: number, k: number, trials: number, elkan: boolean, mem: WasmMemory | null, module: WasmModule | null): KMeansState {
  return { ...(arrays as unknown as Omit<KMeansState, "d" | "k" | "trials" | "elkan" | "mem" | "module">), d, k, trials, elkan, mem, module };
}

/** Plain or shared buffers: x is `data` itself without helpers, else a buffer the caller fills. */
export function allocate(data: Float64Array, n: number, d: number, k: number, trials: number, T: number, use: boolean, elkan: boolean): KMeansState {
  const { f64, i32 } = layout(n, d, k, trials, T, elkan);
  const arrays: Record<string, Float64Array | Int32Array> = {};
  for (const [name, len] of Object.entries(f64)) arrays[name] = name === "x" && !use ? data : shared(len, Float64Array, use);
  for (const [name, len] of Object.entries(i32)) arrays[name] = shared(len, Int32Array, use) as Int32Array;
  (arrays.offs as Int32Array)[4] = Math.max(k, trials, 1);
  return stateOf(arrays, d, k, trials, elkan, null, null);
}

/** The most memory kept between runs (a larger run gets its own, dropped with its state). */
export const POOLED_MEMORY_BYTES = 64 * 2 ** 20;
let pooled: WasmMemory | null = null;

/**
 * A shared WebAssembly memory of at least `bytes`, zero from byte `from` to `bytes` as a fresh one is
 * (below `from`: the matrix, which the caller copies in). Up
 * to {@link POOLED_MEMORY_BYTES} it is one memory kept between k-means runs (grown by doubling):
 * a fresh memory's pages fault in on first touch, ≈ 25× the cost of zeroing a mapped one, and
 * chooseK and every discovery run k-means on a new shape again and again. Only one state uses it
 * at a time: k-means is synchronous and copies its results out.
 */
function memoryFor(bytes: number, from: number): WasmMemory | null {
  if (pooled && pooled.buffer.byteLength >= bytes) {
    new Float64Array(pooled.buffer, from, Math.ceil((bytes - from) / 8)).fill(0);
    return pooled;
  }
  if (bytes > POOLED_MEMORY_BYTES) return wasmMemory(bytes, true);
  const mem = wasmMemory(Math.min(POOLED_MEMORY_BYTES, Math.max(bytes, 2 * (pooled?.buffer.byteLength ?? 0), 2 ** 20)), true);
  if (mem) pooled = mem;
  return mem;
}

/**
 * Every array of the state in one shared WebAssembly memory (16-byte aligned), so the SIMD kernel
 * can read x, the centres and the row lists and write its dot products where the JavaScript
 * kernels read them. Null when the state would not fit in a 32-bit memory (then plain buffers).
 * x is left for the caller to fill (createRunner copies it in with the first pass).
 */
export function allocateWasm(n: number, d: number, k: number, trials: number, T: number, elkan: boolean, module: WasmModule): KMeansState | null {
  const { f64, i32 } = layout(n, d, k, trials, T, elkan);
  const align = (bytes: number) => Math.ceil(bytes / 16) * 16;
  let total = 0;
  for (const len of Object.values(f64)) total += align(len * 8);
  for (const len of Object.values(i32)) total += align(len * 4);
  const mem = memoryFor(total, align(f64.x * 8));
  if (!mem) return null;
  const arrays: Record<string, Float64Array | Int32Array> = {};
  let at = 0;
  for (const [name, len] of Object.entries(f64)) {
    arrays[name] = new Float64Array(mem.buffer, at, len);
    at += align(len * 8);
  }
  for (const [name, len] of Object.entries(i32)) {
    arrays[name] = new Int32Array(mem.buffer, at, len);
    at += align(len * 4);
  }
  const offs = arrays.offs as Int32Array;
  offs.set([
    arrays.x!.byteOffset,
    arrays.c!.byteOffset,
    arrays.scratch!.byteOffset,
    arrays.out!.byteOffset,
    Math.max(k, trials, 1),
    arrays.candRows!.byteOffset,
    arrays.labels!.byteOffset,
    arrays.sums!.byteOffset,
    arrays.xn!.byteOffset,
    arrays.candXn!.byteOffset,
    arrays.closest!.byteOffset,
    arrays.candDist!.byteOffset,
    arrays.pots!.byteOffset,
    arrays.cT!.byteOffset,
    k + (k & 1),
    arrays.candT!.byteOffset,
    trials + (trials & 1),
    arrays.cn!.byteOffset,
    arrays.upper!.byteOffset,
    arrays.lower!.byteOffset,
    arrays.counts!.byteOffset,
    arrays.s!.byteOffset,
    arrays.shift!.byteOffset,
  ]);
  return stateOf(arrays, d, k, trials, elkan, mem, module);
}
