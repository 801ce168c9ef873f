import { describe, expect, it } from "vitest";
import { convergedCounts, gradual, range } from "./_h3calibration.js";

/**
 * H3's calibration: a slow drift (+15 points of counterfactual items a round) whose single steps
 * can stay inside the band must not end converged. Seeds 0–4 here, 5–9 in h3.drift2 (10 in all,
 * ≤ 5 % converged: none).
 */
describe("H3 calibration (seeded): a gradual drift, part 1", () => {
  it("substitute, 6 rounds, seeds 0–4: none converged; declarations made while each step was small are revoked by the drift from the declared round", async () => {
    const r = await convergedCounts(gradual, range(0, 5), "substitute", 6);
    expect(r.converged).toBe(0);
    expect(r.slowDrift).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
