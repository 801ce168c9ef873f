import { defineConfig } from "tsup";

/** ESM only: node-llama-cpp, which this package wraps, is itself ESM only (a CommonJS build could not require it). */
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
});
