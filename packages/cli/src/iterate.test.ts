import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loopFixture, MODELS, onlyRun, stripVolatile, words } from "./_internal/loopFixture.js";
import { runCli } from "./_internal/testing.js";

const { work, carb } = loopFixture("iterate-cli");

describe("fib iterate", () => {
  it("--rounds 5 prints its series; the same seed gives the same report apart from timestamps", async () => {
    const reports = join(work, "it-ab"); // the same command line twice
    const outs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await runCli(words(`iterate --dataset ${carb} --rounds 5 --update substitute --seed 3 --budget 120 --n-boot 100 --models ${MODELS} --reports-dir ${reports}`));
      expect(r.code, r.stderr).toBe(0);
      outs.push(r.stdout);
    }
    const [a, b] = readdirSync(reports)
      .filter((d) => d.startsWith("run_"))
      .map((d) => JSON.parse(readFileSync(join(reports, d, "iterate_report.json"), "utf8")));
    expect(outs[0]).toMatch(/convergence_series/);
    expect(a.convergence_series).toHaveLength(5);
    expect(a.convergence_series[1].drift).not.toBeNull();
    expect(stripVolatile(a)).toEqual(stripVolatile(b));
  });
  it("augment accumulates items, and its diagnostics compare what each round adds (nested sets would drift less by construction); mix keeps shared failures, so ARI is defined", async () => {
    const reports = join(work, "it-aug");
    const r = await runCli(["iterate", "--dataset", carb, "--rounds", "3", "--update", "augment", "--budget", "80", "--n-boot", "50", "--models", MODELS, "--reports-dir", reports]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(onlyRun(reports), "iterate_report.json"), "utf8"));
    expect(rep.convergence_series[2].n_items).toBe(240);
    expect(rep.convergence_series[1].n_overlap).toBe(0);
    expect(rep.convergence_series[1].ari).toBeNull();
    expect(rep.convergence_series[1].drift).not.toBeNull();
    expect(rep.h3_reasoning).toMatch(/augment: drift between the failures of the items each round adds/);
    const mixed = join(work, "it-mix");
    const m = await runCli(["iterate", "--dataset", carb, "--rounds", "2", "--update", "mix", "--budget", "80", "--n-boot", "50", "--models", MODELS, "--reports-dir", mixed]);
    expect(m.code, m.stderr).toBe(0);
    const mr = JSON.parse(readFileSync(join(onlyRun(mixed), "iterate_report.json"), "utf8"));
    expect(mr.convergence_series[1].n_overlap).toBeGreaterThan(0);
    expect(mr.convergence_series[1].ari).not.toBeNull();
  });
  it("a bad --update is a usage error", async () => {
    const r = await runCli(["iterate", "--update", "replace"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--update must be substitute, augment, mix, got replace/);
  });
});
