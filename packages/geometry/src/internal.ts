/**
 * `@fib/geometry/internal`: the WebAssembly kernel loader the numeric packages share (@fib/clustering
 * builds its k-means kernels on it). Not part of the public API: it may change in any release.
 */
export { type WasmMemory, type WasmModule, wasmExports, wasmKernel, wasmMemory } from "./wasm.js";
