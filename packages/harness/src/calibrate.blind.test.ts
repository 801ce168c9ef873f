import { describe, expect, it } from "vitest";
import { calibrationFixture } from "./_calibrateFixture.js";
import { runCalibrate } from "./index.js";

/** fib calibrate's blind population alone (one population a file keeps each file under 30 s); the headline, credited H1 is what is counted. */
describe("fib calibrate (the whole H1 pipeline on simulated populations): blind", () => {
  it("a failure-blind generator on the observed population is rarely credited, and the static pool does not decide", async () => {
    const { report } = await runCalibrate({ ...calibrationFixture("blind"), reps: 12, h2Reps: 0, populations: ["blind"] });
    if (process.env.FIB_CALIBRATION_VERBOSE) console.log(report.reasoning);
    // the observed population (the models differ as observed) with the generator given every induction item instead of the failures:
    // crediting the failures is false by construction, and the shared static pool must not decide induced vs static either
    expect(report.false_positive_blind?.reps).toBe(12);
    expect(report.false_positive_blind?.supported).toBeLessThanOrEqual(1);
    expect(report.false_positive_pool?.supported).toBeLessThanOrEqual(2);
  }, 90_000);
});
