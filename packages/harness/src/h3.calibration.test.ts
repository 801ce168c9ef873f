import { describe, expect, it } from "vitest";
import { convergedCount, range, stationary } from "./_h3calibration.js";

/**
 * H3's calibration, positive control: a stationary loop — every round an independent draw from
 * the distribution round 0 came from, whatever the failures — converges, and the declaration
 * holds through the last round (a later round outside the band would revoke it). The negative
 * controls (a shifting type mix under substitute and augment, a slow drift) are in
 * h3.shift.calibration.test.ts and h3.drift.calibration.test.ts.
 */
describe("H3 calibration (seeded): a stationary loop", () => {
  it("substitute: converges within 4 rounds in ≥ 90 % of 20 seeds", async () => {
    const yes = await convergedCount(stationary, range(0, 20));
    expect(yes / 20).toBeGreaterThanOrEqual(0.9);
  }, 30_000);
});
