import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTour, runTourLine, tourLine, tourWorkdir, writeTourFiles } from "./_internal/tour.js";

/**
 * The README's tour, part 2: compare, harness, iterate and pre-registration, as written, with
 * the seed, bootstrap and round counts shrunk so that the file runs in seconds (the flags and
 * data are the README's).
 */
const { commands, files } = readTour();
const cwd = tourWorkdir();
const SHRINK = { "--n-seeds": "2", "--n-boot": "100", "--rounds": "2" };

describe("the README's tour runs as written (part 2)", () => {
  it("compare, harness, iterate; the prereg config the tour writes registers", async () => {
    writeTourFiles(files, cwd);
    for (const name of ["build-carb", "compare", "harness", "iterate", "preregister"]) {
      const r = await runTourLine(tourLine(commands, name), cwd, { shrink: SHRINK });
      expect(r.code, `${r.argv.join(" ")}: ${r.stderr}`).toBe(0);
    }
    expect(JSON.parse(readFileSync(join(cwd, "prereg.json"), "utf8")).prereg_sha256).toMatch(/^[0-9a-f]{64}$/);
  }, 60_000);
});
