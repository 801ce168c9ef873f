import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { encodeJsonl } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { runIterate } from "./experiments/runIterate.js";

describe("H3 on degenerate loops", () => {
  it("models that never fail: no verdict, with the reason (not 'not converged')", async () => {
    const work = mkdtempSync(join(tmpdir(), "fib-h3-none-"));
    const dataset = join(work, "carb.jsonl");
    writeFileSync(dataset, encodeJsonl(generateCarb({ n: 120, seed: 4 })));
    const { report } = await runIterate({
      dataset,
      rounds: 3,
      budget: 60,
      nBoot: 20,
      models: ["sim:custom?skill=60", "sim:custom?skill=60&seed=1"],
      k: 3,
      reportsRoot: join(work, "reports"),
      cacheDir: null,
      bandReps: 5,
    });
    expect(report.convergence_series.every((r) => r.n_failures === 0)).toBe(true);
    expect(report.h3_verdict).toBe("no verdict");
    expect(report.h3_reasoning).toMatch(/^No verdict: no round had two or more failures/);
    expect(report.converged_at).toBeNull();
  }, 90_000);

  it("--calibrate: H3's controls run on this configuration; two replications never earn the label", async () => {
    const work = mkdtempSync(join(tmpdir(), "fib-h3-cal-"));
    const dataset = join(work, "carb.jsonl");
    writeFileSync(dataset, encodeJsonl(generateCarb({ n: 1600, seed: 9 })));
    const { report } = await runIterate({
      dataset,
      rounds: 4,
      budget: 150,
      nBoot: 20,
      models: ["sim:novice", "sim:intermediate", "sim:expert", "sim:shallow"],
      k: 4,
      reportsRoot: join(work, "reports"),
      cacheDir: null,
      bandReps: 20,
      calibrate: 2,
    });
    const c = report.calibration;
    expect(c?.reps).toBe(2);
    expect(c?.false_positive_shifting.supported).toBe(0);
    if (process.env.FIB_CALIBRATION_VERBOSE) console.log(c?.reasoning);
    expect(c?.power_stationary.reps).toBe(2);
    // two replications can never call a configuration calibrated (an upper bound ≤ 10 % needs 29 with no false positive)
    expect(c?.verdict).not.toBe("calibrated");
    expect(c?.reasoning).toMatch(/a type mix that moves every round: converged 0 of 2/);
  }, 90_000);
  it("--calibrate on a dataset too small for the controls is a usage error naming the sizes", async () => {
    const work = mkdtempSync(join(tmpdir(), "fib-h3-cal-small-"));
    const dataset = join(work, "carb.jsonl");
    writeFileSync(dataset, encodeJsonl(generateCarb({ n: 160, seed: 9 })));
    await expect(
      runIterate({ dataset, rounds: 3, budget: 60, nBoot: 20, models: ["sim:novice", "sim:expert"], k: 2, reportsRoot: join(work, "reports"), cacheDir: null, bandReps: 5, calibrate: 1 }),
    ).rejects.toThrow(/control pool \(half the dataset\) has only \d+ unused items for round \d+'s budget of 60/);
  }, 90_000);
});
