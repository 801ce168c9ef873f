import { flag } from "../_internal/runFlags.js";
import { resolve } from "node:path";
import { CARB_DEFAULTS as D, CARB_TYPES, type CarbOptions } from "@fib/carb";
import { buildCarbFile } from "@fib/harness";
import { defineCommand } from "../_internal/command.js";
import { progressReporter } from "../_internal/progress.js";
import { float, int, range, str, weights } from "../_internal/values.js";

export default defineCommand({
  name: "build-carb",
  summary: "Generate a CARB dataset (Compositional Adversarial Reasoning Benchmark) as JSONL.",
  options: {
    n: { type: "string", value: "N", description: "number of items", default: "2000" },
    seed: flag("seed", "seed of every random choice", "42"),
    out: { type: "string", value: "PATH", description: "JSONL file to write", default: "data/static/carb_benchmark.jsonl" },
    output: { type: "string", value: "PATH", description: "old name of --out (kept for one release)", aliasOf: "out" },
    types: { type: "string", value: "T=W,…", description: `type mix as weights, e.g. compositional=2,logic_mix=1 (types: ${CARB_TYPES.join(", ")}; default equal)` },
    depth: { type: "string", value: "A..B", description: "compositional depth range", default: D.depth.join("..") },
    distractors: { type: "string", value: "A..B", description: "irrelevant sentences per distractor item", default: D.distractors.join("..") },
    operators: { type: "string", value: "A..B", description: "operator kinds per logic_mix item", default: D.operators.join("..") },
    "label-balance": { type: "string", value: "P", description: "share of items labelled 1", default: String(D.labelBalance) },
    "shuffle-premises": { type: "string", value: "P", description: "probability a chain's premises are shuffled", default: String(D.shufflePremises) },
    "id-prefix": { type: "string", value: "PREFIX", description: "item id prefix", default: D.idPrefix },
    json: flag("json", "print the summary as JSON"),
  },
  details: "Example:\n  fib build-carb --n 2000 --seed 42 --out data/static/carb_benchmark.jsonl",
  async run(v, _pos, io) {
    // CARB checks its own options (types, ranges, shares): the CLI only reads them
    const typeMix = weights(v, "types");
    const options: CarbOptions = {
      n: int(v, "n", { min: 1 }),
      seed: int(v, "seed"),
      depth: range(v, "depth") as [number, number],
      distractors: range(v, "distractors") as [number, number],
      operators: range(v, "operators") as [number, number],
      labelBalance: float(v, "label-balance", { min: 0, max: 1 }),
      shufflePremises: float(v, "shuffle-premises", { min: 0, max: 1 }),
      idPrefix: str(v, "id-prefix"),
      ...(typeMix ? { typeMix } : {}),
    };
    const output = resolve(io.cwd, str(v, "out"));
    const progress = progressReporter(io);
    const res = await buildCarbFile(options, output, { onProgress: (e) => progress.update(e.stage, e.done, e.total) });
    progress.done();
    if (v.json) {
      io.stdout.write(`${JSON.stringify({ output: res.output, sha256: res.sha256, ...res.summary }, null, 2)}\n`);
      return 0;
    }
    const s = res.summary;
    const fmt = (r: { min: number; max: number; mean: number }) => `${r.min}..${r.max} (mean ${r.mean.toFixed(2)})`;
    const lines = [
      `wrote ${s.n} CARB items to ${res.output}`,
      `sha256 ${res.sha256}`,
      `labels: ${(100 * s.label_1_share).toFixed(1)}% yes`,
      `types: ${Object.entries(s.by_type)
        .map(([k, c]) => `${k} ${c}`)
        .join(", ")}`,
      `structures: ${Object.entries(s.by_structure)
        .map(([k, c]) => `${k} ${c}`)
        .join(", ")}`,
      `depth ${fmt(s.depth)}; distractors ${fmt(s.distractor_count)}; operators ${fmt(s.operator_count)}`,
    ];
    io.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
});
