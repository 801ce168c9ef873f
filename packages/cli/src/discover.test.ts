import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { readEvents } from "@fib/harness";
import { encodeJsonl } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { runCli } from "./_internal/testing.js";

const work = mkdtempSync(join(tmpdir(), "fib-discover-"));
const dataset = join(work, "carb.jsonl");
writeFileSync(dataset, encodeJsonl(generateCarb({ n: 800, seed: 21 })));

async function evalRun(models: string, label: string, data = dataset): Promise<string> {
  const reports = join(work, label);
  const r = await runCli(["eval-static", "--dataset", data, "--models", models, "--n-boot", "50", "--reports-dir", reports, "--label", label]);
  expect(r.code, r.stderr).toBe(0);
  return join(reports, readdirSync(reports)[0] as string);
}

const noNaN = (text: string) => expect(text).not.toMatch(/NaN|Infinity/);

describe("fib discover", () => {
  it("recovers planted weaknesses: macro purity clearly above the shuffled baseline, with its CI", async () => {
    const run = await evalRun("sim:shallow,sim:distractible,sim:negation-blind,sim:literalist,sim:converse-blind", "planted");
    const r = await runCli(["discover", "--run", run, "--n-boot", "200"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/macro purity\s+0\.\d{3}\s+\[0\.\d{3}, 0\.\d{3}\]/);
    const text = readFileSync(join(run, "discovery.json"), "utf8");
    noNaN(text);
    const d = JSON.parse(text);
    expect(d.status).toBe("ok");
    expect(d.h2.purity_macro_ci.lo).toBeGreaterThan(d.h2.shuffled_baseline.p95 + 0.2);
    expect(d.h2.shuffled_baseline.p_value).toBeLessThan(0.01);
    expect(d.profiles).toHaveLength(d.k);
    expect(d.labels).toHaveLength(d.n_failures);
    // clusters follow the items' design more than who failed them
    expect(d.diagnostics.mi_cluster_type).toBeGreaterThan(d.diagnostics.mi_cluster_model);
    const events = await readEvents(run);
    expect(events.filter((e) => e.event === "run_started").map((e) => (e.payload as { command: string }).command)).toEqual(["eval-static", "discover"]);
    expect(events.some((e) => e.event === "metric_computed" && (e.payload as { name: string }).name === "h2/purity_macro")).toBe(true);
    // a second discovery never rewrites the first (a committed example run stays as committed)
    const before = readFileSync(join(run, "discovery.json"), "utf8");
    const eventsBefore = readFileSync(join(run, "events.jsonl"), "utf8");
    const again = await runCli(["discover", "--run", run, "--n-boot", "50", "--seed", "3", "--reports-dir", join(work, "second")]);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(run, "discovery.json"), "utf8")).toBe(before);
    expect(readFileSync(join(run, "events.jsonl"), "utf8")).toBe(eventsBefore);
    const second = join(work, "second", readdirSync(join(work, "second"))[0] as string);
    expect(JSON.parse(readFileSync(join(second, "discovery.json"), "utf8")).status).toBe("ok");
  });

  it("a run with no failures exits cleanly with a clear message and no NaN", async () => {
    const easy = join(work, "easy.jsonl");
    writeFileSync(easy, encodeJsonl(generateCarb({ n: 30, seed: 2 }).map((i) => ({ ...i, y: 1 }))));
    const run = await evalRun("stub:always_1", "nofail", easy);
    const r = await runCli(["discover", "--run", run]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("no failures to cluster");
    const text = readFileSync(join(run, "discovery.json"), "utf8");
    noNaN(text);
    expect(JSON.parse(text)).toMatchObject({ status: "no_failures", k: 0, h2: null });
  });

  it("fewer failures than k exits cleanly with a clear message", async () => {
    const tiny = join(work, "tiny.jsonl");
    const items = generateCarb({ n: 10, seed: 3 }).map((i, n) => ({ ...i, y: (n < 3 ? 0 : 1) as 0 | 1 }));
    writeFileSync(tiny, encodeJsonl(items));
    const run = await evalRun("stub:always_1", "few", tiny);
    const r = await runCli(["discover", "--run", run, "--k", "5"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/only 3 failure\(s\): at least 5 are needed/);
    noNaN(readFileSync(join(run, "discovery.json"), "utf8"));
  });

  it("--records with --dataset writes a new run dir; bad usage is exit 2", async () => {
    const run = await evalRun("sim:novice", "rec");
    const records = (await readEvents(run)).filter((e) => e.event === "eval_record").map((e) => e.payload);
    const file = join(work, "records.jsonl");
    writeFileSync(file, encodeJsonl(records));
    const reports = join(work, "rec-out");
    const r = await runCli(["discover", "--records", file, "--dataset", dataset, "--k", "4", "--reports-dir", reports]);
    expect(r.code, r.stderr).toBe(0);
    const [dir] = readdirSync(reports);
    expect(existsSync(join(reports, dir as string, "discovery.json"))).toBe(true);
    expect((await runCli(["discover", "--records", file])).code).toBe(2);
    expect((await runCli(["discover"])).stderr).toMatch(/give --run RUN_DIR or --records FILE/);
    expect((await runCli(["discover", "--run", work])).code).toBe(2);
  });
});
