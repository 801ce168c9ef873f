import { defineConfig } from "tsup";
import base from "../../tsup.base.js";

// the calibration worker is its own entry: worker threads load it by file (calibrationPool.ts)
export default defineConfig({ ...(base as object), entry: ["src/index.ts", "src/calibrationWorker.ts"] });
