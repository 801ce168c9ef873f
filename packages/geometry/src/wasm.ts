/**
 * The few WebAssembly calls fib's SIMD kernels make (spmm.wat here; dots.wat and hungarian.wat in
 * @fib/clustering), in one place. Typed here: the project compiles without the DOM library, and
 * @types/node declares only part of the namespace. Every kernel has a JavaScript fallback that
 * adds its sums in the same order, so a null from these helpers changes speed, never a number.
 */
const Wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: new (d: { initial: number; maximum: number; shared?: boolean }) => { readonly buffer: ArrayBuffer };
      Module: new (bytes: Uint8Array) => object;
      Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
      validate(bytes: Uint8Array): boolean;
    };
  }
).WebAssembly;

/** A compiled kernel module (structured-cloneable: worker threads can receive it). */
export type WasmModule = object;
/** A kernel's memory, fixed in size: its buffer never moves, so typed-array views of it stay valid. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/**
 * A memoised compiler for one base64 module: the first call compiles it, later calls return it; null
 * (remembered) where this runtime cannot validate it — no SIMD or threads.
 */
export function wasmKernel(base64: string): () => WasmModule | null {
  let module: WasmModule | null | undefined;
  return () => {
    if (module === undefined) {
      try {
        const bytes = Buffer.from(base64, "base64");
        module = Wasm.validate(bytes) ? new Wasm.Module(bytes) : null;
      } catch {
        module = null;
      }
    }
    return module;
  };
}

/**
 * A memory of at least `bytes` (whole 64 KiB pages, at least one; shared for worker threads), or null
 * when it would not fit a 32-bit memory (3.5 GiB, kept under the 4 GiB limit) or cannot be had.
 */
export function wasmMemory(bytes: number, shared = false): WasmMemory | null {
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  if (bytes > 3.5 * 2 ** 30) return null;
  try {
    return new Wasm.Memory({ initial: pages, maximum: pages, shared });
  } catch {
    return null;
  }
}

/** The exports of `module` instantiated on `mem` (imported as env.mem). */
export function wasmExports<T>(module: WasmModule, mem: WasmMemory): T {
  return new Wasm.Instance(module, { env: { mem } }).exports as unknown as T;
}
