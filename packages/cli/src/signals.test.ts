import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateCarb } from "@fib/carb";
import { encodeJsonl } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { lastEvent } from "./_internal/testing.js";
import { spawnFib } from "./_internal/spawnFib.js";

/**
 * Signals (issue 21, finding 4): every command stops at its next step on the first SIGINT or
 * SIGTERM — exit 130 / 143, run_finished "interrupted", temp dirs removed — including an exec:
 * worker that never answers, discovery and replay. No wall time is asserted: the signal is sent
 * once the process says it is working, and the test checks how it ended.
 */
const work = mkdtempSync(join(tmpdir(), "fib-signals-"));
const workers = resolve(import.meta.dirname, "../../models/test-workers");
const carb = join(work, "carb.jsonl");
writeFileSync(carb, encodeJsonl(generateCarb({ n: 1500, seed: 5 })));

describe("signals", () => {
  it("SIGTERM: exit 143, run_finished interrupted", async () => {
    const reports = join(work, "term");
    const r = await spawnFib(["iterate", "--dataset", carb, "--rounds", "500", "--budget", "300", "--models", "sim:novice,sim:expert", "--n-boot", "20", "--reports-dir", reports, "--no-cache"], {
      signals: ["SIGTERM"],
      when: /iterate|round/,
    });
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toMatch(/stopping at the next step \(SIGTERM/);
    expect(lastEvent(reports)).toMatchObject({ event: "run_finished", payload: { status: "interrupted" } });
  }, 60_000);

  it("an exec: worker that never answers, then Ctrl-C: exit 130 and run_finished interrupted — never exit 0 with accuracy 0", async () => {
    const reports = join(work, "hang");
    const r = await spawnFib(["eval-static", "--dataset", carb, "--models", `exec:node ${join(workers, "hang.mjs")}?id=hang`, "--reports-dir", reports, "--no-cache"], {
      signals: ["SIGINT"],
      when: /\[hang\] got a request/,
    });
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).not.toMatch(/accuracy|0\.000/);
    expect(lastEvent(reports)).toMatchObject({ event: "run_finished", payload: { status: "interrupted" } });
  }, 60_000);
});
