import { describe, expect, it } from "vitest";
import { convergedCount, range, stationary } from "./_h3calibration.js";

/** H3's calibration, positive control, part 2 of 2 (see h3.calibration.test.ts): seeds 10–19. */
describe("H3 calibration (seeded): a stationary loop, part 2", () => {
  it("substitute: converges within 4 rounds in ≥ 9 of seeds 10–19", async () => {
    expect(await convergedCount(stationary, range(10, 20))).toBeGreaterThanOrEqual(9);
  }, 90_000);
});
