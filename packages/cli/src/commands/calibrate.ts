import { calibrationHeadline } from "../_internal/harnessText.js";
import { DIFFICULTY_GRANULARITIES, defaultCalibrationWorkers, runCalibrate } from "@fib/harness";
import { defineCommand } from "../_internal/command.js";
import { emitRun, flag } from "../_internal/runFlags.js";
import { progressReporter } from "../_internal/progress.js";
import { relative } from "node:path";
import { int, oneOf, optional } from "../_internal/values.js";
import { HARNESS_FLAGS, harnessOptionsFromFlags } from "./harness.js";

export default defineCommand({
  name: "calibrate",
  summary:
    "False-positive rates and power at a harness configuration: the whole pipeline on simulated populations where H1 is false (equal capability; the observed population with a failure-blind generator), where H2 is false (coin-flip failures), and where H1 may be true (a capability ladder; the observed population), with Clopper–Pearson intervals. A label only when every false-positive interval's upper bound is ≤ 10 %.",
  options: {
    ...HARNESS_FLAGS,
    reps: { type: "string", value: "N", description: "replications of each population at most (each stops once its interval is decided, from 10 on; see --fixed-reps)", default: "100" },
    "fixed-reps": { type: "boolean", description: "run every replication: no sequential stop (the intervals are then exact for the count)" },
    "h2-reps": {
      type: "string",
      value: "N",
      description: "replications of H2's coin-flip null (each re-runs discovery and its failure null; default: --reps with the sequential stop, min(reps, 20) with --fixed-reps)",
    },
    workers: {
      type: "string",
      value: "N",
      description: `replications at once, each in a worker thread (default: one per core, at most 8: ${defaultCalibrationWorkers()} here; 1: one at a time in this process; a generator module always runs in this process); the report is the same for any number`,
    },
    difficulty: {
      type: "string",
      value: "design|structure",
      description:
        "how the simulated models' accuracy on a generated item is modelled: design (its type × depth cell's observed mean) or structure (its type × depth × structure_id cell's, shrunk toward the type × depth mean; models then differ in what they fail inside a cell, so a generator's targeting inside a cell can show power)",
      default: "design",
    },
    label: flag("label"),
    json: flag("json", "print calibration_report.json"),
  },
  details:
    "Takes the harness's flags. Example (the demo's configuration):\n  fib calibrate --slice carb=data/static/carb_benchmark.jsonl --budget 200 --n-seeds 5 --n-boot 500 --induce-models sim:shallow,sim:distractible,sim:negation-blind,sim:literalist,sim:converse-blind --reps 200",
  async run(v, _pos, io) {
    const progress = progressReporter(io);
    const { runDir, report } = await runCalibrate({
      ...(await harnessOptionsFromFlags(v, io)),
      induce: true,
      reps: int(v, "reps", { min: 1, max: 100_000 }),
      adaptive: v["fixed-reps"] !== true,
      ...optional("h2Reps", int(v, "h2-reps", { min: 0 })),
      ...optional("workers", int(v, "workers", { min: 1, max: 64 })),
      ...optional("difficulty", oneOf(v, "difficulty", DIFFICULTY_GRANULARITIES)),
      onProgress: (p) => progress.update(p.stage, p.done, p.total, p.expected),
    });
    progress.done();
    if (!emitRun(v, io, runDir, report)) {
      io.stdout.write(`calibration: ${calibrationHeadline(report)} — ${report.reasoning}\ncalibration_report.json in ${relative(io.cwd, runDir) || runDir}\n`);
    }
    return 0;
  },
});
