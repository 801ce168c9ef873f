import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { atRepoRoot, runCli } from "./_internal/testing.js";

// run as a user would, from the repository root: reports record paths relative to it
const root = atRepoRoot();
const work = mkdtempSync(join(tmpdir(), "fib-replay-"));

describe("fib replay", () => {
  it("reproduces the committed H1 example exactly", async () => {
    const r = await runCli(["replay", "data/reports/example_initial_h1"], { cwd: root });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^full match: \d+ numbers in harness_report\.json reproduced exactly/);
  }, 120_000);
  it("the committed example's numbers agree with its own raw records, recomputed here without fib's code", () => {
    const dir = join(root, "data/reports/example_initial_h1");
    const rep = JSON.parse(readFileSync(join(dir, "harness_report.json"), "utf8"));
    const lines = readFileSync(join(dir, "events.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const seed0 = rep.seeds[0];
    const recs = lines.filter((e) => e.event === "eval_record" && e.stage === `eval/induced/seed=${seed0}`).map((e) => e.payload);
    const byModel = new Map<string, { right: number; n: number }>();
    for (const r of recs) {
      const c = byModel.get(r.model_id) ?? { right: 0, n: 0 };
      c.right += r.correct ? 1 : 0;
      c.n += 1;
      byModel.set(r.model_id, c);
    }
    const accs = [...byModel.entries()].map(([m, c]) => {
      expect(rep.slices.induced.per_seed[0].accuracy_by_model[m]).toBeCloseTo(c.right / c.n, 12);
      return c.right / c.n;
    });
    const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
    const S = Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / accs.length);
    expect(rep.slices.induced.per_seed[0].model_separation_S).toBeCloseTo(S, 12);
    expect(byModel.size).toBe(9);
  });
  it("says MISMATCH, naming the field, when a number in the report was changed", async () => {
    const copy = join(work, "tampered");
    cpSync(join(root, "data/reports/example_initial_h1"), copy, { recursive: true });
    const file = join(copy, "harness_report.json");
    const rep = JSON.parse(readFileSync(file, "utf8"));
    rep.slices.static.S_mean += 0.01;
    writeFileSync(file, JSON.stringify(rep));
    const r = await runCli(["replay", copy], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/MISMATCH: 1 of \d+ numbers differ/);
    expect(r.stdout).toContain("slices.static.S_mean");
  }, 120_000);
  it("a run dir is data: a tampered argv runs nothing, exec: models are refused, a module generator is never loaded", async () => {
    const copy = join(work, "hostile");
    cpSync(join(root, "data/reports/example_initial_h1"), copy, { recursive: true });
    const file = join(copy, "harness_report.json");
    const original = JSON.parse(readFileSync(file, "utf8"));
    const pwned = join(work, "PWNED");
    // 1. the recorded command line is ignored: replay runs the recorded configuration
    writeFileSync(file, JSON.stringify({ ...original, provenance: { ...original.provenance, argv: ["harness", "--models", `exec:touch ${pwned}`] } }));
    const a = await runCli(["replay", copy, "--dry-run"], { cwd: root });
    expect(a.code).toBe(0);
    expect(a.stderr).not.toContain("exec:");
    // 2. an exec: model in the configuration is refused without --trust-models
    writeFileSync(file, JSON.stringify({ ...original, config: { ...original.config, models: [`exec:touch ${pwned}`] } }));
    const b = await runCli(["replay", copy], { cwd: root });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/start a program or send requests \(exec:touch .*PWNED\).*--trust-models/);
    // 3. a generator the run dir names is looked up among the built-in ones, never loaded from a path
    writeFileSync(file, JSON.stringify({ ...original, config: { ...original.config, generator: "./evil-generator.mjs" } }));
    const c = await runCli(["replay", copy], { cwd: root });
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/unknown generator "\.\/evil-generator\.mjs"/);
    // 4. an invalid configuration is an input error naming the field
    writeFileSync(file, JSON.stringify({ ...original, config: { ...original.config, budget: -1 } }));
    const d = await runCli(["replay", copy], { cwd: root });
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/harness_report\.json.*"budget"/);
    expect(existsSync(pwned)).toBe(false);
  }, 120_000);
  it("a directory without a replayable report is an input error", async () => {
    expect((await runCli(["replay", work], { cwd: root })).code).toBe(2);
  });
});
