import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { encodeJsonl } from "@fib/schemas";
import type { CalibrateOptions } from "./experiments/calibrate.js";

/**
 * Test helper for the calibration files (not exported by the package): mostly easy items
 * (depth 1–2) and some hard ones (4–6), so failures, and induction, concentrate on the hard ones;
 * four simulated models that differ by how deep they can go.
 */
export function calibrationFixture(label: string): Omit<CalibrateOptions, "reps"> {
  const work = mkdtempSync(join(tmpdir(), `fib-calibrate-${label}-`));
  const carb = join(work, "ladder.jsonl");
  writeFileSync(carb, encodeJsonl([...generateCarb({ n: 510, seed: 11, depth: [1, 2], idPrefix: "easy" }), ...generateCarb({ n: 90, seed: 12, depth: [4, 6], idPrefix: "hard" })]));
  return {
    slices: { carb },
    budget: 60,
    nSeeds: 4,
    nBoot: 200,
    models: [1, 2, 3, 4].map((d) => `sim:custom?max_depth=${d}&depth_slope=2.5`),
    induce: true,
    k: 2,
    reportsRoot: join(work, "reports"),
    cacheDir: null,
  };
}
