import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { changedDatasets, compareReports, replayPlan } from "@fib/harness";
import { defineCommand } from "../_internal/command.js";
import { userPath } from "../_internal/paths.js";

const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

function withReportsDir(argv: string[], dir: string): string[] {
  return [...argv, "--reports-dir", dir];
}

export default defineCommand({
  name: "replay",
  summary: "Re-run a run directory's command from its provenance and say whether every number matches.",
  positionals: [{ name: "RUN_DIR", description: "a run directory (e.g. data/reports/example_initial_h1)", required: true }],
  options: {},
  async run(_v, pos, io) {
    const runDir = userPath(io.cwd, pos[0] as string);
    const plan = replayPlan(runDir);
    const changed = await changedDatasets(plan.provenance, io.cwd);
    if (changed.length > 0) {
      io.stdout.write(`cannot replay faithfully: the data changed since the run: ${changed.join("; ")}\n`);
      return 1;
    }
    const { main } = await import("../main.js");
    const tmp = mkdtempSync(join(tmpdir(), "fib-replay-"));
    try {
      io.stderr.write(`replaying: fib ${plan.argv.join(" ")}\n`);
      const quiet = { stdout: sink(), stderr: io.stderr, env: io.env, cwd: io.cwd };
      const code = await main(withReportsDir(plan.argv, tmp), quiet);
      if (code !== 0 && code !== 1) {
        io.stdout.write(`the replayed command failed (exit ${code})\n`);
        return 3;
      }
      const newDir = join(tmp, readdirSync(tmp).find((d) => d.startsWith("run_")) as string);
      const files: string[] = [plan.file];
      if (plan.discoverArgv) {
        const argv = plan.discoverArgv.map((a, i, all) => (all[i - 1] === "--run" ? newDir : a));
        await main(argv, quiet);
        files.push("discovery.json");
      }
      let compared = 0;
      const mismatches: string[] = [];
      for (const f of files) {
        const diff = compareReports(JSON.parse(readFileSync(join(runDir, f), "utf8")), JSON.parse(readFileSync(join(newDir, f), "utf8")));
        compared += diff.compared;
        mismatches.push(...diff.mismatches.map((m) => `${f}: ${m}`));
      }
      const git = plan.provenance.git_sha ? ` (recorded at git ${plan.provenance.git_sha.slice(0, 10)}${plan.provenance.git_dirty ? ", dirty" : ""})` : "";
      if (mismatches.length === 0) {
        io.stdout.write(`full match: ${compared} numbers in ${files.join(" and ")} reproduced exactly${git}\n`);
        return 0;
      }
      io.stdout.write(`MISMATCH: ${mismatches.length} of ${compared} numbers differ${git}:\n${mismatches.slice(0, 20).map((m) => `  ${m}`).join("\n")}${mismatches.length > 20 ? `\n  … and ${mismatches.length - 20} more` : ""}\n`);
      return 1;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
});
