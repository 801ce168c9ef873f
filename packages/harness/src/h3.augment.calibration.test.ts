import { describe, expect, it } from "vitest";
import { convergedCount, range, shifting } from "./_h3calibration.js";

/** H3's calibration under augment, where consecutive sets are nested: the diagnostics compare what each round adds (the stationary augment control: h3.augment2). */
describe("H3 calibration (seeded): augment", () => {
  it("a shifting type mix: converged in ≤ 5 % of 10 seeds", async () => {
    expect(await convergedCount(shifting, range(0, 10), "augment")).toBe(0);
  }, 90_000);
});
