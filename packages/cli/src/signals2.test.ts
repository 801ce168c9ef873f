import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { encodeJsonl } from "@fib/schemas";
import { beforeAll, describe, expect, it } from "vitest";
import { spawnFib } from "./_internal/spawnFib.js";
import { runCli } from "./_internal/testing.js";

/**
 * Signals, part two (issue 21, finding 4): every command stops at its next step on the first SIGINT or
 * SIGTERM — exit 130 / 143, run_finished "interrupted", temp dirs removed — including an exec:
 * worker that never answers, discovery and replay. No wall time is asserted: the signal is sent
 * once the process says it is working, and the test checks how it ended.
 */
const work = mkdtempSync(join(tmpdir(), "fib-signals-"));
const carb = join(work, "carb.jsonl");
writeFileSync(carb, encodeJsonl(generateCarb({ n: 1500, seed: 5 })));

let evalRun = "";
beforeAll(async () => {
  const reports = join(work, "eval");
  const r = await runCli(["eval-static", "--dataset", carb, "--models", "sim:shallow,sim:literalist,sim:negation-blind,sim:novice", "--n-boot", "20", "--reports-dir", reports], { cwd: work });
  expect(r.code, r.stderr).toBe(0);
  evalRun = join(reports, readdirSync(reports).find((d) => d.startsWith("run_")) as string);
}, 60_000);

describe("signals: discovery and replay", () => {
  it("discover stops at its next step on the first Ctrl-C: exit 130, run_finished interrupted", async () => {
    const r = await spawnFib(["discover", "--run", evalRun, "--null-reps", "500", "--n-boot", "20"], { signals: ["SIGINT"], when: /failure-permutation null/ });
    expect(r.code, r.stderr).toBe(130);
    const lines = readFileSync(join(evalRun, "events.jsonl"), "utf8").trim().split("\n");
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({ event: "run_finished", payload: { status: "interrupted" } });
  }, 60_000);

  it("replay stops at its next step on the first Ctrl-C and removes its temporary directory", async () => {
    const small = join(work, "small");
    const made = await runCli(
      ["harness", "--slice", `carb=${carb}`, "--budget", "100", "--n-seeds", "1", "--n-boot", "20", "--induce", "--models", "sim:novice,sim:shallow,sim:literalist", "--reports-dir", small],
      {
        cwd: work,
      },
    );
    expect(made.code, made.stderr).toBe(0);
    const src = join(small, readdirSync(small).find((d) => d.startsWith("run_")) as string);
    // the same run asking for 400 seeds: a replay that takes long enough to be interrupted
    const long = join(work, "long-run");
    mkdirSync(long);
    const rep = JSON.parse(readFileSync(join(src, "harness_report.json"), "utf8"));
    rep.config.n_seeds = 400;
    rep.config.seeds = Array.from({ length: 400 }, (_, i) => i);
    writeFileSync(join(long, "harness_report.json"), JSON.stringify(rep));
    const tmp = mkdtempSync(join(tmpdir(), "fib-signals-tmp-"));
    const r = await spawnFib(["replay", long], { cwd: work, env: { TMPDIR: tmp }, signals: ["SIGINT"], when: /^seeds: /m });
    expect(r.code, r.stderr).toBe(130);
    expect(readdirSync(tmp).filter((d) => d.startsWith("fib-replay-"))).toEqual([]);
    expect(existsSync(tmp)).toBe(true);
  }, 90_000);
});
