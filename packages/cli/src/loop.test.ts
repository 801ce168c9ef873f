import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readEvents } from "@fib/harness";
import { describe, expect, it } from "vitest";
import { loopFixture, MODELS, onlyRun, words } from "./_internal/loopFixture.js";
import { runCli } from "./_internal/testing.js";

const { work, carb, three } = loopFixture("loop");

describe("fib compare", () => {
  it("is the one-seed harness: paired test, CI, verdict, the unstructured control, events", async () => {
    const reports = join(work, "cmp");
    const r = await runCli(["compare", "--dataset", carb, "--budget", "100", "--models", MODELS, "--n-boot", "200", "--induce-models", "sim:shallow,sim:literalist", "--reports-dir", reports]);
    expect(r.code, r.stderr).toBe(0);
    const dir = onlyRun(reports);
    expect(dir).toMatch(/_compare_/);
    const rep = JSON.parse(readFileSync(join(dir, "harness_report.json"), "utf8"));
    expect(rep.seeds).toHaveLength(1);
    expect(["supported", "not supported", "inconclusive"]).toContain(rep.h1.verdict);
    expect(rep.h1.ci.lo).toBeLessThanOrEqual(rep.h1.diff_mean);
    expect(rep.h1.ci.hi).toBeGreaterThanOrEqual(rep.h1.diff_mean);
    expect(rep.h1_unstructured.induced_slice).toBe("unstructured");
    expect(rep.induction.held_out).toBe(true);
    expect(rep.slices.induced.per_seed[0].n).toBe(100);
    expect(r.stdout).toMatch(/Induced vs static: (SUPPORTED|NOT SUPPORTED|INCONCLUSIVE) — Mean ΔV/);
    expect(r.stdout).toMatch(/H1 \(credited to the failures\): (SUPPORTED|NOT SUPPORTED|INCONCLUSIVE) \(decided by: [a-z ]+\)/);
    expect(rep.failure_effect.static_slice).toBe("blind");
    expect(rep.slices.blind.per_seed[0].n).toBe(100);
    const events = await readEvents(dir);
    expect(events.at(-1)?.event).toBe("run_finished");
  });
  it("a budget larger than the scoring split is an error naming both numbers", async () => {
    const r = await runCli(["compare", "--dataset", carb, "--budget", "100000", "--models", MODELS, "--reports-dir", join(work, "cmp-big")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/budget 100000 is more than the 1000 items of the scoring split/);
    expect(existsSync(join(work, "cmp-big"))).toBe(false);
  });
});

describe("fib harness", () => {
  it("a 3-item slice takes the budget-cap branch (S_std = 0); a 2000-item slice resamples (S_std > 0)", async () => {
    const reports = join(work, "h-branch");
    const r = await runCli(["harness", "--slice", `tiny=${three}`, "--slice", `carb=${carb}`, "--budget", "20", "--n-seeds", "10", "--n-boot", "50", "--models", MODELS, "--reports-dir", reports]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(onlyRun(reports), "harness_report.json"), "utf8"));
    expect(rep.slices.tiny.branch).toBe("budget_cap");
    expect(rep.slices.tiny.S_std).toBe(0);
    expect(rep.slices.carb.branch).toBe("resample");
    expect(rep.slices.carb.S_std).toBeGreaterThan(0);
    expect(rep.slices.carb.per_seed).toHaveLength(10);
    expect(rep.pre_registered).toBe(false);
  });

  it("--induce: each seed splits, mines and generates anew; held-out models by identity; no near copies of the dataset", async () => {
    const reports = join(work, "h-induce");
    const r = await runCli(words(`harness --slice carb=${carb} --budget 100 --n-seeds 3 --n-boot 200 --models ${MODELS} --induce --induce-models sim:shallow,sim:literalist --reports-dir ${reports}`));
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(onlyRun(reports), "harness_report.json"), "utf8"));
    expect(["supported", "not supported", "inconclusive"]).toContain(rep.h1.verdict);
    expect(rep.h1.statistic).toBe("S2_debiased");
    expect(rep.h1.reasoning).toMatch(/paired bootstrap CI/);
    expect(rep.induction.held_out).toBe(true);
    expect(rep.induction.shared_with_scored).toEqual([]);
    expect(rep.induction.n_induction_items + rep.induction.n_scoring_items).toBe(2000);
    expect(rep.slices.carb.n_items).toBe(rep.induction.n_scoring_items);
    expect(rep.slices.induced.per_seed).toHaveLength(3);
    expect(rep.induction.per_seed.map((s: { seed: number }) => s.seed)).toEqual([0, 1, 2]);
    // generated ids carry the seed and never repeat across seeds or slices
    const events = await readEvents(onlyRun(reports));
    const gen = events.filter((e) => e.event === "eval_record" && /^eval\/(induced|unstructured)\/seed=/.test(e.stage));
    const byStage = new Map<string, Set<string>>();
    for (const e of gen) {
      const set = byStage.get(e.stage) ?? new Set<string>();
      set.add((e.payload as { item_id: string }).item_id);
      byStage.set(e.stage, set);
    }
    expect(byStage.size).toBe(6);
    const all = [...byStage.values()].flatMap((s) => [...s]);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(600);
  });

  it("held-out models are compared by what they are: the scored models in another order are not held out", async () => {
    const reports = join(work, "h-same");
    const r = await runCli(
      words(`harness --slice carb=${carb} --budget 50 --n-seeds 2 --n-boot 200 --models sim:novice,sim:expert --induce --induce-models sim:expert,sim:novice --reports-dir ${reports}`),
    );
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(onlyRun(reports), "harness_report.json"), "utf8"));
    expect(rep.induction.held_out).toBe(false);
    expect(rep.induction.shared_with_scored.sort()).toEqual(["sim-expert", "sim-novice"].sort());
    expect(rep.h1.reasoning).toMatch(/Caveat: the induced slice was mined from the failures of the same models it scores/);
  });

  it("fewer than 200 bootstrap replicates give no verdict, and say why", async () => {
    const reports = join(work, "h-nboot");
    const r = await runCli(["harness", "--slice", `carb=${carb}`, "--budget", "50", "--n-seeds", "2", "--n-boot", "5", "--models", "sim:novice,sim:expert", "--induce", "--reports-dir", reports]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(onlyRun(reports), "harness_report.json"), "utf8"));
    expect(rep.h1.verdict).toBe("no verdict");
    expect(r.stdout).toMatch(/Induced vs static: NO VERDICT — .*at least 200 are needed/);
    expect(rep.h1_credited.verdict).toBe("no verdict");
  });

  it("--require-h1 exits 1 when H1 is not supported (50 replicates can give no verdict at all)", async () => {
    const r = await runCli([
      "harness",
      "--slice",
      `carb=${carb}`,
      "--budget",
      "30",
      "--n-seeds",
      "2",
      "--n-boot",
      "50",
      "--models",
      "stub:always_1,stub:keyword_heuristic",
      "--induce",
      "--require-h1",
      "--reports-dir",
      join(work, "h-req"),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/H1 was asked for \(--require-h1\) and is no verdict \(decided by: static and blind\)/);
    // the report is still written: the threshold is judged after the run
    expect(JSON.parse(readFileSync(join(onlyRun(join(work, "h-req")), "harness_report.json"), "utf8")).h1.verdict).toBe("no verdict");
  });
});
