import { describe, expect, it } from "vitest";
import type { EvalRecord, Item } from "@fib/schemas";
import { clopperPearson } from "@fib/stats";
import { difficultyModel, MAX_FP_UPPER, probabilityOf, repsNeeded, runCalibrate } from "./index.js";
import { calibrationLabel, creditedLabel, rateEstimate } from "./stats/calibrationRates.js";
import { calibrationFixture } from "./_calibrateFixture.js";

describe("difficultyModel", () => {
  it("uses the observed share of right answers, then the design cell, then the type, then the mean", () => {
    const item = (id: string, type: string, depth: number) => ({ id, type, depth }) as unknown as Item;
    const items = [item("a", "compositional", 2), item("b", "compositional", 2), item("c", "logic_mix", 3)];
    const rec = (item_id: string, correct: boolean) => ({ item_id, correct }) as EvalRecord;
    const d = difficultyModel(items, [rec("a", true), rec("a", false), rec("b", true), rec("b", true), rec("c", false)]);
    expect(probabilityOf(d, items[0] as Item)).toBe(0.5);
    expect(probabilityOf(d, item("new", "compositional", 2))).toBe(0.75);
    expect(probabilityOf(d, item("new", "logic_mix", 6))).toBe(0);
    expect(probabilityOf(d, item("new", "counterfactual", 1))).toBeCloseTo(0.5, 12);
  });
  it("with structure granularity, an unseen item takes its structure cell's mean shrunk toward its design cell's, else falls back as before", () => {
    const item = (id: string, structure_id?: string) => ({ id, type: "chain", depth: 3, ...(structure_id ? { structure_id } : {}) }) as unknown as Item;
    // forward: 2 of 2 items right; converse: 0 of 2; design cell mean 0.5
    const items = [item("f1", "chain/forward"), item("f2", "chain/forward"), item("c1", "chain/converse"), item("c2", "chain/converse")];
    const recs = [
      { item_id: "f1", correct: true },
      { item_id: "f2", correct: true },
      { item_id: "c1", correct: false },
      { item_id: "c2", correct: false },
    ] as EvalRecord[];
    const fine = difficultyModel(items, recs, "structure");
    expect(fine.granularity).toBe("structure");
    expect(fine.byStructure.size).toBe(2);
    // (2 + 5 · 0.5) / (2 + 5) and (0 + 5 · 0.5) / (2 + 5)
    expect(probabilityOf(fine, item("new", "chain/forward"))).toBeCloseTo(4.5 / 7, 12);
    expect(probabilityOf(fine, item("new", "chain/converse"))).toBeCloseTo(2.5 / 7, 12);
    // a structure never seen, or none at all: the design cell, as with "design"
    expect(probabilityOf(fine, item("new", "chain/other"))).toBe(0.5);
    expect(probabilityOf(fine, item("new"))).toBe(0.5);
    // seen items keep their own observed share
    expect(probabilityOf(fine, items[2] as Item)).toBe(0);
    // the default is "design": every item of a cell alike
    const coarse = difficultyModel(items, recs);
    expect(coarse.byStructure.size).toBe(0);
    expect(probabilityOf(coarse, item("new", "chain/forward"))).toBe(0.5);
    expect(probabilityOf(coarse, item("new", "chain/converse"))).toBe(0.5);
  });
});

describe("repsNeeded", () => {
  it("is the count whose Clopper–Pearson upper bound at the observed rate is ≤ 10 %, none when the rate is too close", () => {
    const n = repsNeeded(0, 12) as number;
    expect(clopperPearson(0, n).hi).toBeLessThanOrEqual(MAX_FP_UPPER);
    expect(clopperPearson(0, Math.floor(n / 1.2)).hi).toBeGreaterThan(MAX_FP_UPPER);
    expect(repsNeeded(1, 10)).toBeNull();
  });
});

describe("creditedLabel: the credited H1's own label", () => {
  it("is calibrated where only the uncredited induced-vs-static null is too liberal, and follows the credited nulls otherwise", () => {
    const fp = rateEstimate(0, 36);
    const blindCredited = rateEstimate(0, 36);
    const blindDecided = rateEstimate(10, 36); // the ladder with selection in φ: decided in 10 of 36 failure-blind nulls
    expect(
      calibrationLabel([
        ["equal capability", fp],
        ["failure-blind generator (credited H1)", blindCredited],
        ["failure-blind generator (induced vs static decided either way)", blindDecided],
      ]).verdict,
    ).toBe("too liberal");
    expect(creditedLabel(fp, blindCredited)).toBe("calibrated");
    expect(creditedLabel(fp, rateEstimate(8, 36))).toBe("too liberal");
    expect(creditedLabel(rateEstimate(1, 12), blindCredited)).toBe("not enough replications");
    expect(creditedLabel(rateEstimate(0, 0), rateEstimate(0, 0))).toBeNull();
  });
});

describe("fib calibrate: the report", () => {
  it("runs every population, counts the headline verdict, and gives no label with too few replications", async () => {
    const { report } = await runCalibrate({ ...calibrationFixture("report"), reps: 2, h2Reps: 2 });
    for (const r of [report.false_positive, report.false_positive_blind, report.false_positive_pool, report.false_positive_h2, report.power, report.power_observed]) expect(r?.reps).toBe(2);
    expect(report.verdict).toBe("not enough replications");
    expect(report.reps_needed).toBeGreaterThan(2);
    expect(report.reasoning).toMatch(/Not enough replications to call it calibrated: .* about \d+ replications would bring it below/);
    expect(report.reasoning).toMatch(/failure-blind generator \(credited H1\): \d of 2/);
    expect(report.reasoning).toMatch(/coin-flip failures \(H2 structured\): \d of 2/);
  }, 90_000);
});
