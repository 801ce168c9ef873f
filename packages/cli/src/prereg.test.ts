import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loopFixture, MODELS, onlyRun } from "./_internal/loopFixture.js";
import { runCli } from "./_internal/testing.js";

const { work, carb } = loopFixture("prereg-cli");

describe("pre-registration", () => {
  const cfg = join(work, "prereg-config.json");
  const prereg = join(work, "prereg.json");
  it("harness with an unchanged config runs and says it was pre-registered; a changed one exits 2 naming what changed", async () => {
    writeFileSync(cfg, JSON.stringify({ command: "harness", slices: { carb }, budget: 50, n_seeds: 2, n_boot: 50, models: MODELS.split(","), induce: true }));
    const p = await runCli(["preregister", "--config", cfg, "--out", prereg]);
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(readFileSync(prereg, "utf8")).prereg_sha256).toMatch(/^[0-9a-f]{64}$/);
    const base = ["harness", "--slice", `carb=${carb}`, "--n-seeds", "2", "--n-boot", "50", "--models", MODELS, "--induce", "--prereg", prereg];
    const ok = await runCli([...base, "--budget", "50", "--reports-dir", join(work, "pr-ok")]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/pre-registered: yes/);
    const changed = await runCli([...base, "--budget", "60", "--reports-dir", join(work, "pr-bad")]);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/differs from its pre-registration in: budget \(registered 50, now 60\)/);
    expect(existsSync(join(work, "pr-bad"))).toBe(false);
  });
  it("an edited prereg.json is refused", async () => {
    const p = JSON.parse(readFileSync(prereg, "utf8"));
    p.config.budget = 999;
    const edited = join(work, "edited.json");
    writeFileSync(edited, JSON.stringify(p));
    const r = await runCli(["harness", "--slice", `carb=${carb}`, "--budget", "999", "--prereg", edited, "--reports-dir", join(work, "pr-edit")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/edited after it was written/);
  });
  it("iterate refuses a changed config too", async () => {
    writeFileSync(cfg, JSON.stringify({ command: "iterate", dataset: carb, rounds: 2, budget: 60, models: MODELS.split(",") }));
    expect((await runCli(["preregister", "--config", cfg, "--out", prereg])).code).toBe(0);
    const r = await runCli(["iterate", "--dataset", carb, "--rounds", "3", "--budget", "60", "--models", MODELS, "--prereg", prereg, "--reports-dir", join(work, "it-pr")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rounds \(registered 2, now 3\)/);
  });
  for (const [name, config, field] of [
    ["models as a string", { command: "harness", slices: { carb: "x.jsonl" }, models: "sim:novice" }, "models"],
    ["a negative budget", { command: "harness", slices: { carb: "x.jsonl" }, budget: -5 }, "budget"],
    ["zero seeds", { command: "harness", slices: { carb: "x.jsonl" }, n_seeds: 0 }, "n_seeds"],
    ["an unknown update rule", { command: "iterate", update: "bogus" }, "update"],
    ["an unknown key", { command: "harness", slices: { carb: "x.jsonl" }, n_sedes: 3 }, ""],
    ["no command", { slices: {} }, "command"],
  ] as const) {
    it(`preregister refuses ${name}: exit 2 naming the field, nothing written`, async () => {
      const bad = join(work, `bad-${field || "key"}.json`);
      const out = join(work, `never-${field || "key"}.json`);
      writeFileSync(bad, JSON.stringify(config));
      const r = await runCli(["preregister", "--config", bad, "--out", out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(bad);
      if (field) expect(r.stderr).toContain(`"${field}"`);
      else expect(r.stderr).toMatch(/n_sedes/);
      expect(existsSync(out)).toBe(false);
    });
  }
  it("a backdated registration fails its hash; one made after a matching run says so in the run's report", async () => {
    const reports = join(work, "pr-late");
    const harnessArgs = ["harness", "--slice", `carb=${carb}`, "--budget", "40", "--n-seeds", "2", "--n-boot", "200", "--models", "sim:novice,sim:expert", "--induce"];
    expect((await runCli([...harnessArgs, "--reports-dir", reports])).code).toBe(0);
    writeFileSync(cfg, JSON.stringify({ command: "harness", slices: { carb }, budget: 40, n_seeds: 2, n_boot: 200, models: ["sim:novice", "sim:expert"], induce: true }));
    const late = join(work, "late.json");
    const p = await runCli(["preregister", "--config", cfg, "--out", late, "--reports-dir", reports]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).toMatch(/registered after 1 run\(s\) with the same configuration/);
    const reg = JSON.parse(readFileSync(late, "utf8"));
    expect(reg.prior_runs).toHaveLength(1);
    expect(reg.code.fib_version).toMatch(/\d+\.\d+\.\d+/);
    const r = await runCli([...harnessArgs, "--prereg", late, "--reports-dir", join(work, "pr-late-2")]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(onlyRun(join(work, "pr-late-2")), "harness_report.json"), "utf8")).prereg_warning).toMatch(/registered after 1 run/);
    const backdated = join(work, "backdated.json");
    writeFileSync(backdated, JSON.stringify({ ...reg, created_utc: "2020-01-01T00:00:00Z" }));
    const b = await runCli([...harnessArgs, "--prereg", backdated, "--reports-dir", join(work, "pr-back")]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/edited after it was written/);
  });
});
