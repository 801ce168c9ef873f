import { describe, expect, it } from "vitest";
import { convergedCounts, gradual, range } from "./_h3calibration.js";

/** H3's calibration: a gradual drift, part 2 of 2 (see h3.drift.calibration.test.ts). */
describe("H3 calibration (seeded): a gradual drift, part 2", () => {
  it("substitute, 6 rounds, seeds 5–9: none converged", async () => {
    const r = await convergedCounts(gradual, range(5, 10), "substitute", 6);
    expect(r.converged).toBe(0);
    expect(r.slowDrift).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
