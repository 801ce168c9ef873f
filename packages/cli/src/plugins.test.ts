import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { atRepoRoot, runCli } from "./_internal/testing.js";

// run as a user would, from the repository root: reports record paths relative to it
const root = atRepoRoot();
const work = mkdtempSync(join(tmpdir(), "fib-plugins-"));

describe("plugin errors", () => {
  it("a generator that throws on import, a .ts file, and a FibError from another copy of @fib/schemas all exit 2 naming the problem", async () => {
    const broken = join(work, "broken.mjs");
    writeFileSync(broken, 'throw new Error("boom at import");\n');
    const a = await runCli(["iterate", "--generator", broken, "--rounds", "1", "--budget", "20", "--models", "sim:novice", "--reports-dir", join(work, "pe")], { cwd: root });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/broken\.mjs.*cannot load the generator module: it threw while loading: boom at import/);
    const foreign = join(work, "foreign.mjs");
    writeFileSync(
      foreign,
      'const e = () => Object.assign(new Error("profile 3 has no depth histogram"), { name: "FibError", code: "CONFIG_INVALID" });\nexport default { name: "foreign", version: "1", generate() { throw e(); } };\n',
    );
    const b = await runCli(["iterate", "--generator", foreign, "--rounds", "2", "--budget", "20", "--models", "sim:novice", "--reports-dir", join(work, "pe")], { cwd: root });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/profile 3 has no depth histogram/);
    expect(b.stderr).not.toMatch(/internal error/);
  }, 60_000);
});

describe("--generator with a workspace package", () => {
  it("iterate loads examples/custom-generator and its items carry its lineage", async () => {
    const reports = join(work, "gen");
    const r = await runCli(
      ["iterate", "--generator", "./examples/custom-generator", "--rounds", "2", "--budget", "40", "--n-boot", "30", "--models", "sim:novice,sim:expert", "--reports-dir", reports],
      { cwd: root },
    );
    expect(r.code, r.stderr).toBe(0);
    const dir = join(reports, readdirSync(reports)[0] as string);
    expect(JSON.parse(readFileSync(join(dir, "iterate_report.json"), "utf8")).config.generator).toBe("frontier");
    expect(readFileSync(join(dir, "events.jsonl"), "utf8")).toContain("frontier_r1_");
    const bad = await runCli(["iterate", "--generator", "nope-not-a-generator", "--rounds", "1"], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown generator "nope-not-a-generator"/);
    expect(existsSync(join(root, "nope-not-a-generator"))).toBe(false);
  }, 60_000);
});
