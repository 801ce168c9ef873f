import { describe, expect, it } from "vitest";
import { convergedCount, range, shifting, stationary } from "./_h3calibration.js";

/** H3's calibration under augment, where consecutive sets are nested: the diagnostics compare what each round adds. */
describe("H3 calibration (seeded): augment", () => {
  it("a shifting type mix: converged in ≤ 5 % of 10 seeds; a stationary augment loop still converges", async () => {
    expect(await convergedCount(shifting, range(0, 10), "augment")).toBe(0);
    expect(await convergedCount(stationary, range(0, 5), "augment")).toBeGreaterThanOrEqual(4);
  }, 30_000);
});
