import { describe, expect, it } from "vitest";
import { convergedCount, range, stationary } from "./_h3calibration.js";

/**
 * H3's calibration, positive control: a stationary loop — every round an independent draw from
 * the distribution round 0 came from, whatever the failures — converges, and the declaration
 * holds through the last round (a later round's drift from the declared one outside the band
 * would revoke it). 20 seeds over two files (10 each, to stay under 30 s on a busy machine):
 * ≥ 90 % in all, so at most one miss a file. The negative controls (a shifting type mix under
 * substitute and augment, a slow drift) are in h3.shift.calibration.test.ts and
 * h3.drift.calibration.test.ts.
 */
describe("H3 calibration (seeded): a stationary loop, part 1", () => {
  it("substitute: converges within 4 rounds in ≥ 9 of seeds 0–9", async () => {
    expect(await convergedCount(stationary, range(0, 10))).toBeGreaterThanOrEqual(9);
  }, 90_000);
});
