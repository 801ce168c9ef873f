import { describe, expect, it } from "vitest";
import { convergedCount, range, shifting, stationary } from "./_h3calibration.js";

/** H3's calibration: a generator that moves the whole type mix every round must not converge, under substitute or augment (where consecutive sets are nested). */
describe("H3 calibration (seeded): a shifting type mix", () => {
  it("substitute: converged in ≤ 5 % of 10 seeds", async () => {
    expect(await convergedCount(shifting, range(0, 10))).toBe(0);
  }, 30_000);
  it("augment (diagnostics on what each round adds): converged in ≤ 5 % of 10 seeds; a stationary augment loop still converges", async () => {
    expect(await convergedCount(shifting, range(0, 10), "augment")).toBe(0);
    expect(await convergedCount(stationary, range(0, 5), "augment")).toBeGreaterThanOrEqual(4);
  }, 30_000);
});
