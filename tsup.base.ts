import { defineConfig } from "tsup";

/** The build every library package shares: ESM + CJS + declarations from src/index.ts. */
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  shims: true,
});
