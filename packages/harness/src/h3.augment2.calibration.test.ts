import { describe, expect, it } from "vitest";
import { convergedCount, range, stationary } from "./_h3calibration.js";

/** H3's calibration under augment, positive control: a stationary augment loop converges. */
describe("H3 calibration (seeded): augment, stationary", () => {
  it("a stationary augment loop converges in ≥ 4 of 5 seeds", async () => {
    expect(await convergedCount(stationary, range(0, 5), "augment")).toBeGreaterThanOrEqual(4);
  }, 90_000);
});
