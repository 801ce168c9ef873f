import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateCarb } from "@fib/carb";
import { encodeJsonl } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { lastEvent } from "./_internal/testing.js";

const root = resolve(import.meta.dirname, "../../..");
const bin = join(root, "packages/cli/src/bin.ts");
const work = mkdtempSync(join(tmpdir(), "fib-sigint-"));
const carb = join(work, "carb.jsonl");
writeFileSync(carb, encodeJsonl(generateCarb({ n: 3000, seed: 5 })));

/** Start `fib ARGS` as a real process, send SIGINT `count` times once it has run `afterMs`, and time the exit. */
function interrupt(args: string[], afterMs: number, count = 1): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--conditions=@fib/source", "--import", "tsx", bin, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    setTimeout(() => {
      for (let i = 0; i < count; i++) child.kill("SIGINT");
    }, afterMs);
    child.on("exit", (code) => done({ code, stderr }));
  });
}

describe("Ctrl-C", () => {
  for (const [name, args] of [
    ["iterate", ["iterate", "--dataset", carb, "--rounds", "200", "--budget", "400", "--models", "sim:novice,sim:expert,sim:shallow", "--n-boot", "50"]],
    ["harness", ["harness", "--slice", `carb=${carb}`, "--budget", "200", "--n-seeds", "200", "--induce", "--models", "sim:novice,sim:expert", "--n-boot", "200"]],
    ["eval-static", ["eval-static", "--dataset", carb, "--models", Array.from({ length: 200 }, (_, i) => `sim:novice?seed=${i + 1}`).join(","), "--n-boot", "50"]],
  ] as const) {
    it(`stops ${name} at its next step on the first SIGINT: exit 130, run_finished "interrupted"`, async () => {
      const reports = join(work, name);
      const r = await interrupt([...args, "--reports-dir", reports, "--cache-dir", join(work, "cache")], 4000);
      // no wall time asserted (a busy machine stretches it): a run that went on to its end would say "ok"
      expect(r.code, r.stderr).toBe(130);
      expect(r.stderr).toMatch(/stopping at the next step/);
      expect(lastEvent(reports)).toMatchObject({ event: "run_finished", payload: { status: "interrupted" } });
    }, 30_000);
  }
  it("a second SIGINT exits at once, without waiting for the next step", async () => {
    const reports = join(work, "twice");
    const r = await interrupt(["iterate", "--dataset", carb, "--rounds", "200", "--budget", "400", "--models", "sim:novice,sim:expert", "--reports-dir", reports], 4000, 2);
    expect(r.code).toBe(130);
    // quitting at once or at the step the first signal reached (on a busy machine the two race): the
    // log ends "interrupted" either way — written as the process exits, or at the step boundary
    const dir = join(reports, readdirSync(reports).find((d) => d.startsWith("run_")) as string);
    const events = readFileSync(join(dir, "events.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events.at(-1)).toMatchObject({ event: "run_finished", payload: { status: "interrupted" } });
    expect(events.at(-2)).toMatchObject({ event: "error", payload: { message: expect.stringMatching(/process ended \(exit 130\)|interrupted \(Ctrl-C\)/) } });
  }, 30_000);
});
