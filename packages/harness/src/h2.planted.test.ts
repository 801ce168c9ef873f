import { generateCarb } from "@fib/carb";
import { SIM_PRESETS, simPredictor } from "@fib/models";
import { describe, expect, it } from "vitest";
import { h2Of } from "./_h2calibration.js";
import { plantedRecovery } from "./experiments/plantedRecovery.js";

/** H2's positive control (split from the coin-flip runs, now h2.calibration2.slow.test.ts, so that no test file runs long). */
describe("H2 against the failure-permutation null: the positive control", () => {
  it("the five planted specialists: failures structured and recovered beyond type, with high-lift regions", async () => {
    const items = generateCarb({ n: 500, seed: 21 });
    const names = ["shallow", "distractible", "negation-blind", "literalist", "converse-blind"];
    const models = names.map((n) => simPredictor(`sim-${n}`, SIM_PRESETS[n] ?? {}, 0, n));
    const res = await h2Of(models, items, 0);
    expect(res.structure.structured).toBe(true);
    expect(res.structure.g_statistic).toBeGreaterThan(2 * (res.structure.null?.g.p95 ?? Number.POSITIVE_INFINITY));
    expect(res.structure.lift.some((l) => l.high)).toBe(true);
    expect(res.verdict).toBe("recovered beyond type");
    // counted as H2 asks of failures: the planted weak structure (the literalist's counterfactual overrides) is the majority of a high-lift region
    const planted = await plantedRecovery(
      names.map((n) => `sim:${n}`),
      new Map(models.map((m) => [m.id, items])),
      res.structure,
    );
    expect(planted?.weak.map((w) => w.structure_id)).toContain("counterfactual/override");
    expect(planted?.recall).toBe(1);
    // coin flips plant nothing
    expect((await plantedRecovery(["sim:custom?skill=-50"], new Map([["c", items]]), res.structure))?.weak).toEqual([]);
  }, 90_000);
});
