import { relative } from "node:path";
import { runCompare } from "@fib/harness";
import { defineCommand } from "../_internal/command.js";
import { emitRun, LOOP_OPTIONS, loopSettings, RUN_OPTIONS, runSettings } from "../_internal/runFlags.js";
import { userPath } from "../_internal/paths.js";
import { progressReporter } from "../_internal/progress.js";
import { ci, fmt, table } from "../_internal/table.js";
import { int, str } from "../_internal/values.js";

export default defineCommand({
  name: "compare",
  summary: "Static versus failure-induced at equal budget, one seed: S of each with CIs, failures, clusters, purity.",
  options: {
    dataset: { type: "string", value: "PATH", description: "seed dataset (split into an induction half and a static half)", default: "data/static/static_benchmark.jsonl" },
    budget: { type: "string", value: "N", description: "items in each benchmark", default: "100" },
    ...RUN_OPTIONS,
    ...LOOP_OPTIONS,
    json: { type: "boolean", description: "print summary.json" },
  },
  async run(v, _pos, io) {
    const progress = progressReporter(io);
    const { runDir, summary } = await runCompare({
      dataset: userPath(io.cwd, str(v, "dataset") as string),
      budget: int(v, "budget", { min: 1 }) as number,
      ...runSettings(v, io),
      ...(await loopSettings(v, io)),
      onProgress: (p) => progress.update(p.stage, p.done, p.total),
    });
    progress.done();
    if (emitRun(v, io, runDir, summary)) return 0;
    const models = Object.keys(summary.accuracy_by_model.static);
    io.stdout.write(
      [
        `static vs failure-induced at budget ${summary.budget} (${summary.n_failures} failures on ${summary.n_induction_items} induction items → ${summary.k} clusters, purity ${fmt(summary.failure_geometry_purity)})`,
        "",
        table(["model", "static acc", "induced acc"], models.map((m) => [m, summary.accuracy_by_model.static[m] as number, summary.accuracy_by_model.failure_gen[m] as number])),
        "",
        `static_separation_S      = ${fmt(summary.static_separation_S)}  95% CI ${ci(summary.static_separation_S_ci)}`,
        `failure_gen_separation_S = ${fmt(summary.failure_gen_separation_S)}  95% CI ${ci(summary.failure_gen_separation_S_ci)}`,
        `n_generated = ${summary.n_generated}`,
        `summary.json in ${relative(io.cwd, runDir) || runDir}`,
      ].join("\n") + "\n",
    );
    return 0;
  },
});
