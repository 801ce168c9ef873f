import { describe, expect, it } from "vitest";
import { coinFlipRuns } from "./_h2calibration.js";

/**
 * H2's calibration against the failure-permutation null, part 1 of 2 (the coin-flip runs are
 * split over two files; both are slow tests, run by `pnpm test:slow`): 40 coin-flip runs in all must be called
 * structured in ≤ 5 % (2 of 40), so each half allows 1 of 20. The positive control (the five
 * planted specialists) is in part 2.
 */
describe("H2 calibration against the failure-permutation null (seeded), part 1", () => {
  it("coin-flip failures, runs 0–19: 'structured' in at most 1 of 20, 'recovered beyond type' as rarely", async () => {
    const r = await coinFlipRuns(0, 20);
    expect(r.structured, `structured ${r.structured}/${r.runs}`).toBeLessThanOrEqual(1);
    expect(r.beyond).toBeLessThanOrEqual(1);
  }, 90_000);
});
