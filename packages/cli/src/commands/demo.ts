import { FLAGS, flag } from "../_internal/runFlags.js";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { reportBundle, runDemo } from "@fib/harness";
import { writeBundleHtml } from "../_internal/html.js";
import { defineCommand } from "../_internal/command.js";
import { userPath } from "../_internal/paths.js";
import { progressReporter } from "../_internal/progress.js";
import { fmt } from "../_internal/table.js";
import { int, str } from "../_internal/values.js";

export default defineCommand({
  name: "demo",
  summary:
    "The whole loop in one command: build CARB, evaluate the model zoo, discover failure clusters, induce a benchmark, run a small harness and a 3-round iterate, write the HTML report, print the H1 / H2 / H3 verdicts.",
  options: {
    seed: FLAGS.seed,
    static: {
      type: "string",
      value: "PATH",
      description: "a static benchmark to compare with as well (default: data/static/static_benchmark.jsonl when it exists, as in a checkout of the repository)",
    },
    "reports-dir": flag("reports-dir", "where the demo directory goes"),
    quick: { type: "boolean", description: "a smaller, faster demo" },
  },
  async run(v, _pos, io) {
    // an explicit --static must exist (a clear error later if not); the default is used only
    // where it exists, so an installed fib runs its demo outside the repository too
    const given = str(v, "static");
    const fallback = userPath(io.cwd, "data/static/static_benchmark.jsonl");
    const staticDataset = given ? userPath(io.cwd, given) : existsSync(fallback) ? fallback : null;
    if (!given && !staticDataset) io.stderr.write("fib demo: no data/static/static_benchmark.jsonl here: comparing CARB with the induced slice only\n");
    const progress = progressReporter(io);
    const t0 = Date.now();
    const r = await runDemo({
      seed: int(v, "seed"),
      ...(staticDataset ? { staticDataset } : {}),
      reportsRoot: userPath(io.cwd, str(v, "reports-dir")),
      quick: v.quick === true,
      env: io.env,
      ...(io.signal ? { signal: io.signal } : {}),
      onStage: (stage, i, n) => {
        progress.done();
        io.stderr.write(`[${i}/${n}] ${stage}…\n`);
      },
      onProgress: (p) => progress.update(p.stage, p.done, p.total),
    });
    progress.done();
    // through the same schemas and renderer as --html and fib report
    const bundle = reportBundle(r.dir, { summary: r.eval.summary, discovery: r.discovery.report, harness: r.harness.report, iterate: r.iterate.report }, "fib demo — failure-induced benchmarks");
    const html = writeBundleHtml({ ...bundle, run_dir: relative(io.cwd, r.dir) }, r.dir, join(r.dir, "report.html"));
    const h1 = r.harness.report.h1_credited;
    const it = r.iterate.report;
    const ev = r.eval.summary;
    const lines = [
      "",
      `fib demo — done in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
      "",
      r.neuralZoo.length > 0
        ? `With the neural zoo (${r.neuralZoo.join(", ")}: transformers trained on CARB, run in process by @fib/llama).`
        : "Without the neural zoo (npm install @fib/llama adds three transformers trained on CARB).",
      `Models on CARB (${ev.n} items): ${ev.models.map((m) => `${m} ${fmt(ev.accuracy_by_model[m], 2)}`).join(", ")}; separation S = ${fmt(ev.model_separation_S)}.`,
      "",
      r.discovery.report.h2_verdict
        ? `H2 (latent structure): ${r.discovery.report.h2_verdict.toUpperCase()} — ${r.discovery.report.h2_reasoning} (${r.discovery.report.k} clusters of ${r.discovery.report.n_failures} failures)`
        : `H2 (latent structure): not computed — ${r.discovery.report.h2_reason}`,
      h1 ? `H1 (separation, credited to the failures): ${h1.verdict.toUpperCase()} (decided by: ${h1.decided_by}) — ${h1.reasoning}` : "H1: not tested",
      `H3 (convergence): ${it.h3_verdict.toUpperCase()} — ${it.h3_reasoning}`,
      "",
      `Report: ${relative(io.cwd, html)}  (open it in a browser)`,
      `Runs:   ${relative(io.cwd, r.dir)}/`,
    ];
    io.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
});
