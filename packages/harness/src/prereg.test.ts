import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalJson, checkPreregistration, createPreregistration, harnessConfigFrom } from "./index.js";
import { sha256Of } from "./run/prereg.js";

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, stdio: "ignore" });

describe("pre-registration and the code it locks", () => {
  // issue 21, finding 8: each way around the registration is refused or warned
  const setup = async () => {
    const repo = mkdtempSync(join(tmpdir(), "fib-prereg-anchor-"));
    git(repo, "init", "-q");
    git(repo, "config", "user.email", "t@example.invalid");
    git(repo, "config", "user.name", "t");
    const data = join(repo, "d.jsonl");
    writeFileSync(data, '{"id":"a","x":"Is Ada taller than Bram?","y":1,"type":"compositional","depth":1,"distractor_count":0,"operator_count":1}\n');
    writeFileSync(join(repo, "analysis.ts"), "export const x = 1;\n");
    writeFileSync(join(repo, "package.json"), '{ "name": "study", "dependencies": {} }\n');
    writeFileSync(join(repo, "settings.yaml"), "alpha: 0.05\n");
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "start");
    const config = harnessConfigFrom({ slices: { d: data }, budget: 1, nSeeds: 1, models: ["sim:novice"] });
    const prereg = await createPreregistration("harness", config, [data], { cwd: repo });
    const file = join(repo, "prereg.json");
    const check = (opts: { reportsDir?: string } = {}) => checkPreregistration(file, "harness", config, [data], { cwd: repo, ...opts });
    return { repo, data, config, prereg, file, check };
  };
  const rehash = (p: Record<string, unknown>) => {
    const { prereg_sha256: _old, ...body } = p;
    return { ...body, prereg_sha256: sha256Of(canonicalJson(body)) };
  };

  it("a later commit that changes no code is accepted; one that changes code is refused, naming the file", async () => {
    const { repo, prereg, file, check } = await setup();
    writeFileSync(file, JSON.stringify(prereg));
    git(repo, "add", "prereg.json");
    git(repo, "commit", "-qm", "register");
    await expect(check()).resolves.toMatchObject({ prereg_sha256: prereg.prereg_sha256 });
    writeFileSync(join(repo, "analysis.ts"), "export const x = 2;\n");
    git(repo, "commit", "-qam", "change the analysis");
    await expect(check()).rejects.toThrow(/code since the registered commit .*: analysis\.ts/);
  });

  it("a registration that is not committed is refused; one edited after its commit is refused", async () => {
    const { repo, prereg, file, check } = await setup();
    writeFileSync(file, JSON.stringify(prereg));
    await expect(check()).rejects.toThrow(/not committed: commit it before the run/);
    git(repo, "add", "prereg.json");
    git(repo, "commit", "-qm", "register");
    await expect(check()).resolves.toMatchObject({ anchor: { commit: expect.stringMatching(/^[0-9a-f]{40}$/) } });
    writeFileSync(file, JSON.stringify(rehash({ ...prereg, hypotheses: ["a different one"] })));
    await expect(check()).rejects.toThrow(/differs from its committed version/);
    git(repo, "commit", "-qam", "re-register");
    await expect(check()).rejects.toThrow(/changed after it was committed \(2 commits touch it\)/);
  });

  it("committed changes to package.json or YAML are refused like code; uncommitted changes are warned in the run's report", async () => {
    const { repo, prereg, file, check } = await setup();
    writeFileSync(file, JSON.stringify(prereg));
    git(repo, "add", "prereg.json");
    git(repo, "commit", "-qm", "register");
    writeFileSync(join(repo, "analysis.ts"), "export const x = 2;\n");
    const warned = await check();
    expect(warned.run_warnings.join(" ")).toMatch(/uncommitted changes to analysis\.ts/);
    git(repo, "checkout", "--", "analysis.ts");
    writeFileSync(join(repo, "package.json"), '{ "name": "study", "dependencies": { "left-pad": "1.0.0" } }\n');
    writeFileSync(join(repo, "settings.yaml"), "alpha: 0.1\n");
    git(repo, "commit", "-qam", "change the dependencies and the settings");
    await expect(check()).rejects.toThrow(/code since the registered commit .*: package\.json, settings\.yaml/);
  });

  it("a backdated created_utc (hash recomputed) is warned with the commit's date; emptied prior_runs are found by the runs that predate the commit", async () => {
    const { repo, prereg, file, check, config } = await setup();
    const reports = join(repo, "reports");
    // a run with this configuration made before the registration was committed
    const early = join(reports, "run_20200101T000000Z_deadbeef_harness_d");
    mkdirSync(early, { recursive: true });
    writeFileSync(join(early, "harness_report.json"), JSON.stringify({ config }));
    writeFileSync(file, JSON.stringify(rehash({ ...prereg, created_utc: "2020-01-01T00:00:00Z", prior_runs: [] })));
    git(repo, "add", "prereg.json");
    git(repo, "commit", "-qm", "register");
    const c = await check({ reportsDir: reports });
    const w = c.run_warnings.join(" ");
    expect(w).toMatch(/created_utc says 2020-01-01T00:00:00Z but the registration was committed/);
    expect(w).toMatch(/1 run\(s\) with this configuration predate the registration's commit but are not among its prior runs \(run_20200101T000000Z_deadbeef_harness_d\)/);
  });

  it("a registration in no git repository runs, warned that nothing proves its date", async () => {
    const { prereg, data, config } = await setup();
    const outside = join(mkdtempSync(join(tmpdir(), "fib-prereg-nogit-")), "prereg.json");
    writeFileSync(outside, JSON.stringify(prereg));
    const c = await checkPreregistration(outside, "harness", config, [data], { cwd: join(outside, "..") });
    expect(c.anchor).toBeNull();
    expect(c.run_warnings.join(" ")).toMatch(/not committed in a git repository/);
  });
});
