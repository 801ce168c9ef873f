import { describe, expect, it } from "vitest";
import { calibrationFixture } from "./_calibrateFixture.js";
import { runCalibrate } from "./index.js";

/** fib calibrate's power population alone (one population a file keeps each file under 30 s); the headline, credited H1 is what is counted. */
describe("fib calibrate (the whole H1 pipeline on simulated populations): power", () => {
  it("the capability ladder is usually supported", async () => {
    const { report } = await runCalibrate({ ...calibrationFixture("power"), reps: 12, h2Reps: 0, populations: ["power"] });
    if (process.env.FIB_CALIBRATION_VERBOSE) console.log(report.reasoning);
    // the ladder's error rates differ most on the hard items induction concentrates, which the failure-blind
    // control (every induction item, mostly easy) does not. With 4 seeds, the two-level CI over the shared pool and
    // both comparisons to win, 4 of 12 (measured; 6 of 12 when only static had to be beaten): 4 or more of 12 would
    // happen with probability 0.002 at a 5 % rate
    expect(report.power.reps).toBe(12);
    expect(report.power.supported).toBeGreaterThanOrEqual(4);
  }, 90_000);
});
