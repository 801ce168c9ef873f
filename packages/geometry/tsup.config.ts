import { defineConfig } from "tsup";
import base from "../../tsup.base.js";

// the main entry and the ./internal subpath (shared with the numeric packages, not public)
export default defineConfig({ ...(base as object), entry: ["src/index.ts", "src/internal.ts"] });
