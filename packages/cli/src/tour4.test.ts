import { describe, expect, it } from "vitest";
import { readTour, runTourLine, tourLine, tourWorkdir } from "./_internal/tour.js";

/**
 * The README's tour, part 4: `fib calibrate` as written, on a small budget with one replication of
 * each population (the README's 100 replications take minutes: that is what they are for).
 */
const { commands } = readTour();
const cwd = tourWorkdir();

describe("the README's tour runs as written (part 4)", () => {
  it("calibrate", async () => {
    const build = await runTourLine(tourLine(commands, "build-carb"), cwd);
    expect(build.code, build.stderr).toBe(0);
    const cal = await runTourLine(tourLine(commands, "calibrate"), cwd, { shrink: { "--budget": "60", "--n-seeds": "2", "--reps": "1" }, extra: ["--h2-reps", "0"] });
    expect(cal.code, `${cal.argv.join(" ")}: ${cal.stderr}`).toBe(0);
    expect(cal.stdout).toMatch(/^calibration: /m);
  }, 60_000);
});
