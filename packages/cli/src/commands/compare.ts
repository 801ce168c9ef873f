import { relative } from "node:path";
import { runCompare } from "@fib/harness";
import { defineCommand } from "../_internal/command.js";
import { HTML_OPTION, writeHtmlReport } from "../_internal/html.js";
import { MODEL_OPTIONS, modelSelection } from "../_internal/modelFlags.js";
import { generatorOption } from "../_internal/generators.js";
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
    seed: { type: "string", value: "SEED", description: "seed", default: "0" },
    "n-boot": { type: "string", value: "N", description: "bootstrap resamples", default: "1000" },
    ...MODEL_OPTIONS,
    k: { type: "string", value: "auto|N", description: "failure clusters", default: "auto" },
    generator: { type: "string", value: "NAME", description: "generator G: a built-in name, or a module / package exporting a Generator", default: "carb-conditioned" },
    "reports-dir": { type: "string", value: "DIR", description: "where run directories go", default: "data/reports" },
    ...HTML_OPTION,
    json: { type: "boolean", description: "print summary.json" },
  },
  async run(v, _pos, io) {
    const kText = str(v, "k") as string;
    const progress = progressReporter(io);
    const { runDir, summary } = await runCompare({
      dataset: userPath(io.cwd, str(v, "dataset") as string),
      budget: int(v, "budget", { min: 1 }) as number,
      seed: int(v, "seed") as number,
      nBoot: int(v, "n-boot", { min: 1 }) as number,
      ...modelSelection(v, io.cwd, io.env),
      k: kText === "auto" ? "auto" : (int(v, "k", { min: 1 }) as number),
      ...(await generatorOption(str(v, "generator") as string, io.cwd)),
      reportsRoot: userPath(io.cwd, str(v, "reports-dir") as string),
      argv: io.argv,
      env: io.env,
      onProgress: (p) => progress.update(p.stage, p.done, p.total),
    });
    progress.done();
    if (v.html) io.stdout.write(`report.html: ${relative(io.cwd, writeHtmlReport(runDir))}\n`);
    if (v.json) {
      io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return 0;
    }
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
