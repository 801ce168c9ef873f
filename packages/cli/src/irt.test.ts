import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { encodeJsonl } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { runCli } from "./_internal/testing.js";

const work = mkdtempSync(join(tmpdir(), "fib-irt-"));
const dataset = join(work, "carb.jsonl");
writeFileSync(dataset, encodeJsonl(generateCarb({ n: 300, seed: 5 })));
const MODELS = "sim:novice,sim:intermediate,sim:expert,sim:shallow,sim:literalist,stub:heuristic_a";

async function evalRun(): Promise<string> {
  const reports = join(work, "eval");
  const r = await runCli(["eval-static", "--dataset", dataset, "--models", MODELS, "--n-boot", "20", "--reports-dir", reports]);
  expect(r.code, r.stderr).toBe(0);
  return join(reports, readdirSync(reports)[0] as string);
}

const newest = (dir: string) => join(dir, readdirSync(dir).sort().at(-1) as string);

describe("fib irt", () => {
  it("fits a run into a new run dir: irt.json, the items CSV, py-irt JSONL, the matrix CSV and a page; the source run is left as it was; same inputs → the same numbers", async () => {
    const run = await evalRun();
    const before = readdirSync(run).sort();
    const out = join(work, "irt");
    const r = await runCli(["irt", "--run", run, "--reports-dir", out, "--html"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2pl: 6 models × 300 items/);
    expect(readdirSync(run).sort()).toEqual(before);
    const dir = newest(out);
    for (const f of ["irt.json", "irt_items.csv", "responses.pyirt.jsonl", "responses.csv", "report.html", "events.jsonl"]) expect(readdirSync(dir)).toContain(f);
    const report = JSON.parse(readFileSync(join(dir, "irt.json"), "utf8"));
    expect(report.items).toHaveLength(300);
    expect(report.abilities.map((a: { id: string }) => a.id)).toHaveLength(6);
    // the expert is placed above the novice
    const theta = Object.fromEntries(report.abilities.map((a: { id: string; theta: number }) => [a.id, a.theta]));
    expect(theta["sim-expert"]).toBeGreaterThan(theta["sim-novice"]);
    const lines = readFileSync(join(dir, "responses.pyirt.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(6);
    expect(Object.keys(JSON.parse(lines[0] as string).responses)).toHaveLength(300);
    expect(readFileSync(join(dir, "report.html"), "utf8")).toMatch(/Item response theory \(2pl\)[\s\S]*data-chart="curves"/);
    const again = join(work, "irt2");
    expect((await runCli(["irt", "--run", run, "--reports-dir", again])).code).toBe(0);
    const strip = (p: string) => {
      const j = JSON.parse(readFileSync(join(p, "irt.json"), "utf8"));
      delete j.provenance;
      return j;
    };
    expect(strip(newest(again))).toEqual(strip(dir));

    // the new run dir by difference: two run dirs made in the same second sort by their random ids
    const earlier = new Set(readdirSync(out));
    const s = await runCli(["irt", "select", "--run", run, "--reports-dir", out, "--n", "30", "--draws", "5", "--model", "rasch"]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/anchors: 30 items by strata/);
    expect(s.stdout).toMatch(/mean \|error\|: anchors 0\.\d+, random subsets 0\.\d+/);
    const made = readdirSync(out).filter((d) => !earlier.has(d));
    expect(made).toHaveLength(1);
    const sel = JSON.parse(readFileSync(join(out, made[0] as string, "irt.json"), "utf8")).select;
    expect(sel.anchors).toHaveLength(30);
    expect(sel.rows).toHaveLength(6);
  });

  it("usage errors exit 2 with one line", async () => {
    expect((await runCli(["irt"])).stderr).toMatch(/give --run RUN_DIR/);
    const r = await runCli(["irt", "--run", work, "--model", "3pl"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--model must be 2pl or rasch, got 3pl/);
    const nr = await runCli(["irt", "--run", work]);
    expect(nr.code).not.toBe(0);
    expect(nr.stderr).toMatch(/not a run directory/);
    expect((await runCli(["irt", "frobnicate", "--run", work])).stderr).toMatch(/irt takes no positional but 'select'/);
  });
});
