import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { EXPERIMENT_DEFAULTS } from "@fib/harness";
import { encodeJsonl } from "@fib/schemas";
import { describe, expect, it, vi } from "vitest";
import { runCli } from "./_internal/testing.js";

// Change two defaults in their one place: everything downstream must follow.
vi.mock("../../harness/src/experiments/experimentDefaults.ts", async (importOriginal) => {
  const m = await importOriginal<{ EXPERIMENT_DEFAULTS: Record<string, unknown> }>();
  return { ...m, EXPERIMENT_DEFAULTS: { ...m.EXPERIMENT_DEFAULTS, n_boot: 321, induction_fraction: 0.4 } };
});

const work = mkdtempSync(join(tmpdir(), "fib-defaults-"));
const carb = join(work, "carb.jsonl");
writeFileSync(carb, encodeJsonl(generateCarb({ n: 200, seed: 3 })));
const onlyRun = (dir: string) => join(dir, readdirSync(dir).find((d) => d.startsWith("run_")) as string);

describe("one experiment spec: a default written once", () => {
  it("a default changed in experimentDefaults.ts changes --help, the run's config and the pre-registration together", async () => {
    expect(EXPERIMENT_DEFAULTS.n_boot).toBe(321);
    const help = await runCli(["harness", "--help"]);
    expect(help.stdout).toMatch(/--n-boot N\s+bootstrap resamples \(default: 321\)/);
    expect(help.stdout).toMatch(/--induction-fraction F\s+share of --induce-from used for induction \(default: 0\.4\)/);
    // the run, with neither flag given
    const args = ["harness", "--slice", `carb=${carb}`, "--budget", "40", "--n-seeds", "1", "--models", "sim:novice,sim:expert", "--induce"];
    const r = await runCli([...args, "--reports-dir", join(work, "a")], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(onlyRun(join(work, "a")), "harness_report.json"), "utf8")).config;
    expect(config).toMatchObject({ n_boot: 321, induction_fraction: 0.4 });
    // the registration of a config file that leaves them out locks the same values, and the run matches it
    const cfg = join(work, "cfg.json");
    writeFileSync(cfg, JSON.stringify({ command: "harness", slices: { carb }, budget: 40, n_seeds: 1, models: ["sim:novice", "sim:expert"], induce: true }));
    const p = await runCli(["preregister", "--config", cfg, "--out", join(work, "prereg.json")], { cwd: work });
    expect(p.code, p.stderr).toBe(0);
    const reg = JSON.parse(readFileSync(join(work, "prereg.json"), "utf8"));
    expect(reg.config).toEqual(config);
    const again = await runCli([...args, "--prereg", join(work, "prereg.json"), "--reports-dir", join(work, "b")], { cwd: work });
    expect(again.code, again.stderr).toBe(0);
  }, 30_000);
});
