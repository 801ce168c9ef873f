import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { encodeJsonl } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { runCli } from "./_internal/testing.js";

const work = mkdtempSync(join(tmpdir(), "fib-iterate-cli-"));
const carb = join(work, "carb.jsonl");
writeFileSync(carb, encodeJsonl(generateCarb({ n: 2000, seed: 42 })));
const three = join(work, "three.jsonl");
writeFileSync(three, encodeJsonl(generateCarb({ n: 3, seed: 1, idPrefix: "tiny" })));
const MODELS = "stub:heuristic_a,stub:heuristic_b,stub:discovery_skew,sim:novice,sim:intermediate,sim:expert";
const onlyRun = (reports: string) => join(reports, readdirSync(reports).find((d) => d.startsWith("run_")) as string);
const stripVolatile = (r: { provenance: Record<string, unknown> }) => {
  const { timestamp_utc: _t, run_id: _r, ...prov } = r.provenance;
  return { ...r, provenance: prov };
};

/** a command line as the user would type it (no argument holds a space) */
const words = (line: string) => line.split(/\s+/).filter(Boolean);

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
