import { describe, expect, it } from "vitest";
import { convergedCount, range, shifting } from "./_h3calibration.js";

/** H3's calibration: a generator that moves the whole type mix every round must not converge (augment: h3.augment.calibration.test.ts). */
describe("H3 calibration (seeded): a shifting type mix", () => {
  it("substitute: converged in ≤ 5 % of 10 seeds", async () => {
    expect(await convergedCount(shifting, range(0, 10))).toBe(0);
  }, 90_000);
});
