import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { latestRun, readTour, runTourLine, tourWorkdir } from "./_internal/tour.js";

/** The README's tour, part 5: both `fib irt` lines on the tour's eval-static run, as written. */
const { commands } = readTour();
const cwd = tourWorkdir();

describe("the README's tour runs as written (part 5)", () => {
  it("irt and irt select on the eval-static run", async () => {
    const ev = await runTourLine(commands.find((c) => c.argv[0] === "eval-static") as (typeof commands)[number], cwd);
    expect(ev.code, ev.stderr).toBe(0);
    const run = latestRun(cwd, "eval-static");
    const lines = commands.filter((c) => c.argv[0] === "irt");
    expect(lines.map((l) => l.argv[1])).toEqual(["--run", "select"]);
    for (const line of lines) {
      const r = await runTourLine(line, cwd, { runDir: run });
      expect(r.code, `${r.argv.join(" ")}: ${r.stderr}`).toBe(0);
    }
    const irt = latestRun(cwd, "irt");
    expect(existsSync(join(cwd, irt, "irt.json"))).toBe(true);
  }, 60_000);
});
