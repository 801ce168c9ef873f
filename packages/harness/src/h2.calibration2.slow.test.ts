import { describe, expect, it } from "vitest";
import { coinFlipRuns } from "./_h2calibration.js";

/** H2's calibration, part 2 of 2: coin-flip runs 20–39 (see h2.calibration.slow.test.ts). */
describe("H2 calibration against the failure-permutation null (seeded), part 2", () => {
  it("coin-flip failures, runs 20–39: 'structured' in at most 1 of 20, 'recovered beyond type' as rarely", async () => {
    const r = await coinFlipRuns(20, 40);
    expect(r.structured, `structured ${r.structured}/${r.runs}`).toBeLessThanOrEqual(1);
    expect(r.beyond).toBeLessThanOrEqual(1);
  }, 90_000);
});
