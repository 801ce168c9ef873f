import { defineConfig } from "tsup";
import base from "../../tsup.base.js";

// the main entry and the ./testing subpath (test helpers)
export default defineConfig({ ...(base as object), entry: ["src/index.ts", "src/testing.ts"] });
