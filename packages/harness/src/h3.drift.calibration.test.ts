import { describe, expect, it } from "vitest";
import { convergedCounts, gradual, range } from "./_h3calibration.js";

/** H3's calibration: a slow drift (+15 points of counterfactual items a round) whose single steps can stay inside the band must not end converged. */
describe("H3 calibration (seeded): a gradual drift", () => {
  it("substitute, 6 rounds: converged in ≤ 5 % of 10 seeds", async () => {
    const r = await convergedCounts(gradual, range(0, 10), "substitute", 6);
    expect(r.converged).toBe(0);
    // the mechanism: declarations made while each step was small, revoked by the drift from the declared round
    expect(r.slowDrift).toBeGreaterThanOrEqual(5);
  }, 30_000);
});
