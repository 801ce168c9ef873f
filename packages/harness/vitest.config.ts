import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

// The calibration files are long CPU-bound loops: run this package's files one after another, so
// that on a 2-core machine they do not starve each other (and vitest's own worker messages).
export default mergeConfig(shared, defineConfig({ test: { fileParallelism: false } }));
