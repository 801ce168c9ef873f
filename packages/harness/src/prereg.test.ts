import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPreregistration, createPreregistration, harnessConfig } from "./index.js";

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, stdio: "ignore" });

describe("pre-registration and the code it locks", () => {
  it("a later commit that changes no code is accepted; one that changes code is refused, naming the file", async () => {
    const repo = mkdtempSync(join(tmpdir(), "fib-prereg-git-"));
    git(repo, "init", "-q");
    git(repo, "config", "user.email", "t@example.invalid");
    git(repo, "config", "user.name", "t");
    const data = join(repo, "d.jsonl");
    writeFileSync(data, '{"id":"a","x":"Is Ada taller than Bram?","y":1,"type":"compositional","depth":1,"distractor_count":0,"operator_count":1}\n');
    writeFileSync(join(repo, "analysis.ts"), "export const x = 1;\n");
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "start");
    const config = harnessConfig({ slices: { d: data }, budget: 1, nSeeds: 1, models: ["sim:novice"] });
    const prereg = await createPreregistration("harness", config, [data], { cwd: repo });
    const file = join(repo, "prereg.json");
    writeFileSync(file, JSON.stringify(prereg));
    git(repo, "add", "prereg.json");
    git(repo, "commit", "-qm", "register");
    await expect(checkPreregistration(file, "harness", config, [data], { cwd: repo })).resolves.toMatchObject({ prereg_sha256: prereg.prereg_sha256 });
    writeFileSync(join(repo, "analysis.ts"), "export const x = 2;\n");
    git(repo, "commit", "-qam", "change the analysis");
    await expect(checkPreregistration(file, "harness", config, [data], { cwd: repo })).rejects.toThrow(/code since the registered commit .*: analysis\.ts/);
  });
});
