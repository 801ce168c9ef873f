import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { latestRun, readTour, runTourLine, tourLine, tourWorkdir } from "./_internal/tour.js";

/**
 * The README's tour, part 1, as a newcomer runs it in a fresh checkout: build the substrate,
 * evaluate, discover, render. Lines are read from the README, run as written.
 */
const { commands } = readTour();
const cwd = tourWorkdir();

describe("the README's tour runs as written (part 1)", () => {
  it("lists every command the tour shows", () => {
    expect(commands.map((c) => c.argv[0])).toEqual([
      "build-carb",
      "eval-static",
      "discover",
      "compare",
      "harness",
      "calibrate",
      "iterate",
      "irt",
      "irt",
      "preregister",
      "report",
      "replay",
      "models",
      "batch",
    ]);
  });
  it("build-carb, eval-static, discover on its run, report on its run", async () => {
    for (const name of ["build-carb", "eval-static"]) {
      const r = await runTourLine(tourLine(commands, name), cwd);
      expect(r.code, `${r.argv.join(" ")}: ${r.stderr}`).toBe(0);
    }
    expect(existsSync(join(cwd, "data/static/carb_benchmark.jsonl"))).toBe(true);
    const run = latestRun(cwd, "eval-static");
    for (const name of ["discover", "report"]) {
      const r = await runTourLine(tourLine(commands, name), cwd, { runDir: run });
      expect(r.code, `${r.argv.join(" ")}: ${r.stderr}`).toBe(0);
    }
    expect(existsSync(join(cwd, run, "discovery.json"))).toBe(true);
    expect(existsSync(join(cwd, run, "report.html"))).toBe(true);
  }, 60_000);
});
