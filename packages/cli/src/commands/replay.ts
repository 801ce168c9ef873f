import { FibError, terminalSafe } from "@fib/schemas";
import { generatorChoice, replayPlan, replayRun } from "@fib/harness";
import { defineCommand } from "../_internal/command.js";
import { userPath } from "../_internal/paths.js";
import { progressReporter } from "../_internal/progress.js";
import { str } from "../_internal/values.js";

export default defineCommand({
  name: "replay",
  summary: "Re-run a harness, compare or iterate run from its recorded configuration (never its command line) and say whether every number matches.",
  positionals: [{ name: "RUN_DIR", description: "a run directory (e.g. data/reports/example_initial_h1)", required: true }],
  options: {
    "trust-models": { type: "boolean", description: "also run models that start a program or send requests (exec:, openai:) — read the plan printed first" },
    generator: { type: "string", value: "PATH", description: "a generator module to load, when the run used one (a run dir never names a module to load)" },
    "dry-run": { type: "boolean", description: "print what would run, run nothing" },
  },
  details:
    "A run dir is data: replay reads its report's configuration, validated like a command line, runs fib's own experiment from it into a temporary directory that is removed afterwards, and compares. It never runs the recorded argv.",
  async run(v, pos, io) {
    const runDir = userPath(io.cwd, pos[0] as string);
    const plan = replayPlan(runDir);
    const lines = [
      // every spec is data from the run dir: one per line, control and bidi characters escaped, so none can hide another
      `replay of ${plan.file} (${plan.kind}${plan.config.command === "harness" && plan.config.n_seeds === 1 ? ", one seed" : ""}):`,
      "  models:",
      ...plan.models.map((m) => `    ${terminalSafe(typeof m === "string" ? m : JSON.stringify(m))}`),
      `  generator: ${plan.generator ? terminalSafe(plan.generator) : "none"}`,
      ...(plan.untrusted.length
        ? [`  start programs or send requests${v["trust-models"] ? " (trusted)" : " — refused without --trust-models"}:`, ...plan.untrusted.map((m) => `    ${terminalSafe(m)}`)]
        : []),
    ];
    io.stderr.write(`${lines.join("\n")}\n`);
    if (v["dry-run"]) return 0;
    const gen = str(v, "generator");
    const generators = gen ? (await generatorChoice(gen, io.cwd)).generators : undefined;
    const progress = progressReporter(io);
    const r = await replayRun(runDir, {
      cwd: io.cwd,
      env: io.env,
      trustModels: v["trust-models"] === true,
      ...(io.signal ? { signal: io.signal } : {}),
      ...(generators ? { generators } : {}),
      onProgress: (p) => progress.update(p.stage, p.done, p.total),
    });
    progress.done();
    if (r.changed.length > 0) {
      io.stdout.write(`cannot replay faithfully: the data changed since the run: ${r.changed.join("; ")}\n`);
      throw new FibError("THRESHOLD_NOT_MET", "the replay was not run: its data changed");
    }
    const prov = r.plan.provenance;
    const git = prov.git_sha ? ` (recorded at git ${String(prov.git_sha).slice(0, 10)}${prov.git_dirty ? ", dirty" : ""})` : "";
    if (r.mismatches.length === 0) {
      io.stdout.write(`full match: ${r.compared} numbers in ${r.plan.file} reproduced exactly${git}\n`);
      return 0;
    }
    io.stdout.write(
      `MISMATCH: ${r.mismatches.length} of ${r.compared} numbers differ${git}:\n${r.mismatches
        .slice(0, 20)
        .map((m) => `  ${m}`)
        .join("\n")}${r.mismatches.length > 20 ? `\n  … and ${r.mismatches.length - 20} more` : ""}\n`,
    );
    throw new FibError("THRESHOLD_NOT_MET", `the replay did not reproduce the run: ${r.mismatches.length} of ${r.compared} numbers differ`);
  },
});
