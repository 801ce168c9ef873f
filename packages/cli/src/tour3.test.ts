import { describe, expect, it } from "vitest";
import { startMockOpenAI } from "@fib/models/testing";
import { readTour, runTourLine, tourLine, tourWorkdir } from "./_internal/tour.js";

/**
 * The README's tour, part 3: the replay of the committed example,
 * and the real-model lines against a local OpenAI-compatible stand-in serving the model they name.
 */
const { commands } = readTour();
const cwd = tourWorkdir();

describe("the README's tour runs as written (part 3)", () => {
  it("replay of the committed example", async () => {
    const replay = await runTourLine(tourLine(commands, "replay"), cwd);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(/full match/);
  }, 60_000);
  it("models list and batch export against a server serving the model the tour names", async () => {
    const s = await startMockOpenAI({ serves: ["gpt-4o-mini"] });
    try {
      for (const name of ["models", "batch"]) {
        const r = await runTourLine(tourLine(commands, name), cwd, { env: { OPENAI_BASE_URL: s.url } });
        expect(r.code, `${r.argv.join(" ")}: ${r.stderr}`).toBe(0);
      }
    } finally {
      await s.close();
    }
  }, 30_000);
});
