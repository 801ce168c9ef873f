import { describe, expect, it } from "vitest";
import { calibrationFixture } from "./_calibrateFixture.js";
import { runCalibrate } from "./index.js";

/** fib calibrate's null population alone (one population a file keeps each file under 30 s); the headline, credited H1 is what is counted. */
describe("fib calibrate (the whole H1 pipeline on simulated populations): null", () => {
  it("equally capable models are rarely called supported", async () => {
    const { report } = await runCalibrate({ ...calibrationFixture("null"), reps: 12, h2Reps: 0, populations: ["null"] });
    if (process.env.FIB_CALIBRATION_VERBOSE) console.log(report.reasoning);
    // 12 replications: at a true 5 %, 3 or more happen with probability 2 %
    expect(report.false_positive.reps).toBe(12);
    expect(report.false_positive.supported).toBeLessThanOrEqual(2);
  }, 90_000);
});
