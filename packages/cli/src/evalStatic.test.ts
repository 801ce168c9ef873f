import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateCarb } from "@fib/carb";
import { readEvents } from "@fib/harness";
import { encodeJsonl, RunEvent } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { runCli } from "./_internal/testing.js";

const root = resolve(import.meta.dirname, "../../..");
const dataset = join(root, "data/static/static_benchmark.jsonl");
const work = mkdtempSync(join(tmpdir(), "fib-eval-"));
const MODELS = "stub:heuristic_a,stub:always_1,sim:novice,sim:expert,trained:logreg-small";

function write(path: string, text: string): string {
  writeFileSync(path, text);
  return path;
}

function runDirs(reports: string): string[] {
  return existsSync(reports)
    ? readdirSync(reports)
        .filter((d) => d.startsWith("run_"))
        .map((d) => join(reports, d))
    : [];
}

const stripVolatile = (s: Record<string, unknown>) => {
  const { provenance, ...rest } = s as { provenance: Record<string, unknown> };
  const { timestamp_utc: _t, run_id: _r, ...prov } = provenance;
  return { ...rest, provenance: prov };
};

describe("fib eval-static", () => {
  it("prints a table and writes a run dir with events and summary; provenance hashes the dataset like sha256sum", async () => {
    const reports = join(work, "r1");
    const r = await runCli(["eval-static", "--dataset", dataset, "--models", MODELS, "--n-boot", "200", "--reports-dir", reports, "--cache-dir", join(work, "cache")]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/model_separation_S = \d\.\d{3}\s+95% CI \[/);
    expect(r.stdout).toContain("sim-expert");
    const [dir] = runDirs(reports);
    expect(dir).toMatch(/run_\d{8}T\d{6}Z_[0-9a-f]{8}_eval-static_static_benchmark$/);
    const events = await readEvents(dir as string);
    expect(events[0]?.event).toBe("run_started");
    expect(events.at(-1)?.event).toBe("run_finished");
    const records = events.filter((e) => e.event === "eval_record");
    const items = readFileSync(dataset, "utf8").trim().split("\n").length;
    expect(records).toHaveLength(5 * items);
    expect(new Set(records.map((e) => (e.payload as { model_id: string; item_id: string }).model_id + (e.payload as { item_id: string }).item_id)).size).toBe(5 * items);
    const summary = JSON.parse(readFileSync(join(dir as string, "summary.json"), "utf8"));
    const sha = execFileSync("sha256sum", [dataset], { encoding: "utf8" }).split(" ")[0];
    expect(summary.provenance.dataset_hashes[dataset]).toBe(sha);
    expect(summary.model_separation_S_ci).toMatchObject({ value: summary.model_separation_S, n_boot: 200 });
    expect(summary.accuracy_by_model["sim-expert"]).toBeGreaterThan(summary.accuracy_by_model["sim-novice"]);
    expect(Object.keys(summary.accuracy_by_type).sort()).toEqual(["compositional", "counterfactual", "distractor", "logic_mix"]);
    for (const key of ["package_version", "node_version", "platform", "git_sha", "git_dirty", "timestamp_utc", "seeds", "models", "config"]) {
      expect(summary.provenance).toHaveProperty(key);
    }
  });

  it("two runs with the same seed give identical summary.json apart from timestamps and run id", async () => {
    const reports = join(work, "rab"); // the same command line twice: provenance.argv is equal too
    for (let i = 0; i < 2; i++) {
      const r = await runCli(["eval-static", "--dataset", dataset, "--models", MODELS, "--n-boot", "100", "--seed", "7", "--reports-dir", reports, "--cache-dir", join(work, "cache")]);
      expect(r.code, r.stderr).toBe(0);
    }
    const [a, b] = runDirs(reports).map((d) => JSON.parse(readFileSync(join(d, "summary.json"), "utf8")));
    expect(stripVolatile(a)).toEqual(stripVolatile(b));
  });

  it("a secret in the environment or a models config appears nowhere in the run dir", async () => {
    const secret = "sk-test-SUPERSECRET-1234567890";
    const cfg = join(work, "models.json");
    writeFileSync(cfg, JSON.stringify({ models: ["stub:always_1"] }));
    const reports = join(work, "rs");
    const r = await runCli(["eval-static", "--dataset", dataset, "--models-config", cfg, "--n-boot", "10", "--reports-dir", reports, "--label", `x${secret}`], {
      env: { OPENAI_API_KEY: secret, FIB_TOKEN: secret },
    });
    expect(r.code, r.stderr).toBe(0);
    const [dir] = runDirs(reports);
    for (const f of readdirSync(dir as string)) expect(readFileSync(join(dir as string, f), "utf8")).not.toContain(secret);
  });

  it.each([
    ["missing", (p: string) => p, /no such file/],
    ["empty", (p: string) => write(p, "\n"), /no records/],
    ["invalid line", (p: string) => write(p, `${encodeJsonl(generateCarb({ n: 3, seed: 1 }))}{"id": "q", "x": "?", "y": 3}\n`), /:4 field "y"/],
  ])("a %s dataset → exit 2 with one line naming the file", async (_name, make, pattern) => {
    const p = make(join(work, `bad-${_name.replace(/ /g, "-")}.jsonl`));
    const reports = join(work, `rbad-${_name}`);
    const r = await runCli(["eval-static", "--dataset", p, "--models", "stub:always_1", "--reports-dir", reports]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(p);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(runDirs(reports)).toEqual([]);
  });

  it("an unknown model is a usage/input error (exit 2)", async () => {
    const r = await runCli(["eval-static", "--dataset", dataset, "--models", "stub:nope", "--reports-dir", join(work, "rn")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown stub predictor "nope"/);
  });

  it("a process killed mid-run leaves complete event lines and no summary.json", async () => {
    const big = join(work, "big.jsonl");
    writeFileSync(big, encodeJsonl(generateCarb({ n: 30_000, seed: 5 })));
    const reports = join(work, "rk");
    const child = spawn(
      process.execPath,
      [
        "--conditions=@fib/source",
        "--import",
        "tsx",
        join(root, "packages/cli/src/bin.ts"),
        "eval-static",
        "--dataset",
        big,
        "--reports-dir",
        reports,
        "--models",
        "sim:novice,sim:intermediate,sim:expert,sim:shallow,sim:literalist,sim:distractible,sim:negation-blind,sim:converse-blind",
        "--concurrency",
        "1",
      ],
      { cwd: root, stdio: "ignore" },
    );
    const deadline = Date.now() + 60_000;
    let killed = false;
    while (Date.now() < deadline) {
      const [dir] = runDirs(reports);
      const ev = dir ? join(dir, "events.jsonl") : "";
      if (ev && existsSync(ev) && readFileSync(ev, "utf8").includes('"eval_record"')) {
        child.kill("SIGKILL");
        killed = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => child.once("exit", r));
    expect(killed).toBe(true);
    const [dir] = runDirs(reports);
    const text = readFileSync(join(dir as string, "events.jsonl"), "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.trim().split("\n");
    for (const l of lines) expect(RunEvent.safeParse(JSON.parse(l)).success).toBe(true);
    expect(lines.some((l) => l.includes('"run_finished"'))).toBe(false);
    expect(existsSync(join(dir as string, "summary.json"))).toBe(false);
  }, 90_000);
});
