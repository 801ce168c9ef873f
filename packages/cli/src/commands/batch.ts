import { flag, runBasics } from "../_internal/runFlags.js";
import { relative } from "node:path";
import { batchExport, batchImport } from "@fib/harness";
import { FibError } from "@fib/schemas";
import { defineCommand } from "../_internal/command.js";
import { HTML_OPTION } from "../_internal/html.js";
import { userPath } from "../_internal/paths.js";
import { ci, fmt } from "../_internal/table.js";
import { str } from "../_internal/values.js";

export default defineCommand({
  name: "batch",
  summary: "Export items as OpenAI Batch requests (OpenAI Batch API, vLLM run_batch), or import batch results as eval records.",
  positionals: [
    { name: "export|import", description: "what to do", required: true },
    { name: "RESULTS", description: "with import: the batch results JSONL" },
  ],
  options: {
    dataset: flag("dataset", "the items"),
    model: { type: "string", value: "SPEC", description: "an openai: spec, e.g. openai:gpt-4o-mini?scoring=text (the request body and the answer parsing follow it)" },
    out: { type: "string", value: "FILE", description: "with export: where the requests go", default: "requests.jsonl" },
    "n-boot": flag("n-boot", "with import: bootstrap resamples"),
    "reports-dir": flag("reports-dir", "with import: where the run dir goes"),
    seed: flag("seed", "with import: seed of the bootstrap"),
    ...HTML_OPTION,
  },
  details:
    "Examples:\n  fib batch export --dataset data/static/static_benchmark.jsonl --model openai:gpt-4o-mini --out requests.jsonl\n  # OpenAI: upload requests.jsonl to the Batch API; vLLM: python -m vllm.entrypoints.openai.run_batch -i requests.jsonl -o results.jsonl --model …\n  fib batch import results.jsonl --dataset data/static/static_benchmark.jsonl --model openai:gpt-4o-mini",
  async run(v, pos, io) {
    const action = pos[0];
    const model = str(v, "model");
    if (!model) throw new FibError("USAGE", "--model SPEC is required (an openai: spec)");
    const dataset = userPath(io.cwd, str(v, "dataset"));
    if (action === "export") {
      const r = await batchExport({ dataset, model, out: userPath(io.cwd, str(v, "out")) });
      io.stdout.write(`wrote ${r.n} batch requests to ${relative(io.cwd, r.out) || r.out}\n`);
      return 0;
    }
    if (action === "import") {
      if (!pos[1]) throw new FibError("USAGE", "batch import needs the results file: fib batch import RESULTS.jsonl --dataset … --model …");
      const { runDir, records, summary } = await batchImport({
        results: userPath(io.cwd, pos[1]),
        dataset,
        model,
        ...runBasics(v, io),
      });
      const m = summary.models[0] as string;
      const errors = records.filter((r) => r.prediction === null).length;
      io.stdout.write(
        `imported ${records.length} records for ${m}: accuracy ${fmt(summary.accuracy_by_model[m])} 95% CI ${ci(summary.accuracy_ci_by_model[m])}${errors ? `; ${errors} without an answer (failed, unparsable or missing)` : ""}\nrun dir (events.jsonl, records.jsonl, summary.json): ${relative(io.cwd, runDir) || runDir}\n`,
      );
      return 0;
    }
    throw new FibError("USAGE", `batch takes export or import, got '${action}'`);
  },
});
