import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateCarb } from "@fib/carb";
import { startMockOpenAI } from "@fib/models/testing";
import { encodeJsonl } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { spawnFib } from "./_internal/spawnFib.js";
import { lastEvent, runCli } from "./_internal/testing.js";

/**
 * Dying and lying models (issue 21, findings 5 and 6): a worker that dies while fib writes to it, a
 * module that never settles or ends the process, a server that rate-limits every request — each a
 * model error (exit 3) in one line with run_finished "error", never a crash, never exit 0 or 1.
 */
const work = mkdtempSync(join(tmpdir(), "fib-dying-"));
const fixtures = resolve(import.meta.dirname, "../test-fixtures");
const workers = resolve(import.meta.dirname, "../../models/test-workers");
const carb = join(work, "carb.jsonl");
writeFileSync(carb, encodeJsonl(generateCarb({ n: 300, seed: 6 })));
const eight = join(work, "eight.jsonl");
writeFileSync(eight, encodeJsonl(generateCarb({ n: 8, seed: 6 })));

const noStack = (s: string) => expect(s).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);

describe("dying processes", () => {
  it("a worker that exits on its first request (EPIPE as fib writes): exit 3, run_finished error, no stack trace", async () => {
    const reports = join(work, "epipe");
    const r = await spawnFib(["eval-static", "--dataset", carb, "--models", `exec:node ${join(workers, "exit-on-first-line.mjs")}?id=quitter`, "--reports-dir", reports, "--no-cache"]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/quitter/);
    noStack(r.stderr);
    expect(r.stderr).not.toMatch(/EPIPE/);
    expect(lastEvent(reports)).toMatchObject({ event: "run_finished", payload: { status: "error" } });
  }, 60_000);

  it("a module: predictor that never settles: exit 3 saying the run is incomplete (not a silent 13), run_finished error", async () => {
    const reports = join(work, "never");
    const r = await spawnFib(["eval-static", "--dataset", carb, "--models", `module:${join(fixtures, "never-settles.mjs")}`, "--reports-dir", reports, "--no-cache"]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/ended before the command finished/);
    expect(lastEvent(reports)).toMatchObject({ event: "run_finished", payload: { status: "error" } });
  }, 60_000);

  it("a module: predictor that calls process.exit(0): exit 3, never 0 with an incomplete run dir", async () => {
    const reports = join(work, "exit0");
    const r = await spawnFib(["eval-static", "--dataset", carb, "--models", `module:${join(fixtures, "exits-zero.mjs")}`, "--reports-dir", reports, "--no-cache"]);
    expect(r.code, r.stderr).toBe(3);
    expect(lastEvent(reports)).toMatchObject({ event: "run_finished", payload: { status: "error" } });
  }, 60_000);
});

describe("silently wrong numbers below the error guard", () => {
  it("a server answering 429 Retry-After: 99999 to every one of 8 items: exit 3 (not accuracy 0.000 with exit 0), the counts said", async () => {
    const s = await startMockOpenAI({ rateLimitFirst: { n: 1000, retryAfter: "99999" } });
    const reports = join(work, "429");
    const r = await runCli(["eval-static", "--dataset", eight, "--models", "openai:mock-model?max_retries=0", "--reports-dir", reports, "--cache-dir", join(work, "cache")], {
      cwd: work,
      env: { OPENAI_BASE_URL: s.url },
    });
    await s.close();
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/errored on 8 of its 8 records .*8 of 8 answers missing \(0 answered\)/);
    expect(r.stdout).not.toMatch(/0\.000/);
    expect(lastEvent(reports)).toMatchObject({ event: "run_finished", payload: { status: "error" } });
  }, 30_000);
  it("a hung server: once it is known gone, queued requests make no attempt and the run stops (exit 3), not one timeout per item", async () => {
    const s = await startMockOpenAI({ delayMs: 600_000 });
    const twoHundred = join(work, "two-hundred.jsonl");
    writeFileSync(twoHundred, encodeJsonl(generateCarb({ n: 200, seed: 8 })));
    const r = await runCli(["eval-static", "--dataset", twoHundred, "--models", "openai:mock-model?timeout_ms=1000", "--reports-dir", join(work, "hung"), "--no-cache"], {
      cwd: work,
      env: { OPENAI_BASE_URL: s.url },
    });
    const requests = s.requests;
    await s.close();
    expect(r.code, r.stderr).toBe(3);
    // 200 items × 4 attempts would be 800 requests; before the fix, every queued request made its first attempt
    expect(requests).toBeLessThan(50);
  }, 60_000);
});
