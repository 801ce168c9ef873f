import { runCalibrate } from "@fib/harness";
import { defineCommand } from "../_internal/command.js";
import { emitRun, LOOP_OPTIONS, RUN_OPTIONS } from "../_internal/runFlags.js";
import { progressReporter } from "../_internal/progress.js";
import { relative } from "node:path";
import { int } from "../_internal/values.js";
import { harnessOptionsFromFlags } from "./harness.js";

export default defineCommand({
  name: "calibrate",
  summary: "H1's false-positive rate and power at a harness configuration: the whole pipeline on simulated populations where H1 is false (equal capability, the observed item difficulty) and true (a capability ladder), with Clopper–Pearson intervals.",
  options: {
    slice: { type: "string", value: "NAME=PATH", description: "a static slice", multiple: true },
    budget: { type: "string", value: "N", description: "items per slice per seed", default: "200" },
    "n-seeds": { type: "string", value: "N", description: "seeds", default: "10" },
    ...RUN_OPTIONS,
    seed: { type: "string", value: "SEED", description: "base seed (seeds are SEED … SEED+n-1)", default: "0" },
    "induce-from": { type: "string", value: "NAME", description: "slice split into an induction part (never scored) and a scoring part (default: the first)" },
    "induce-models": { type: "string", value: "SPEC,…", description: "mine failures from these models instead of the scored ones", multiple: true },
    "induction-fraction": { type: "string", value: "F", description: "share of --induce-from used for induction", default: "0.5" },
    ...LOOP_OPTIONS,
    "h1-delta": { type: "string", value: "D", description: "minimum effect for H1, in the units of the test statistic ΔV (debiased between-model variance of accuracy; 0.0025 ≈ a 0.05 std)", default: "0" },
    reps: { type: "string", value: "N", description: "replications of each population", default: "100" },
    label: { type: "string", value: "LABEL", description: "run label" },
    json: { type: "boolean", description: "print calibration_report.json" },
  },
  details: "Takes the harness's flags. Example (the demo's configuration):\n  fib calibrate --slice carb=data/static/carb_benchmark.jsonl --budget 200 --n-seeds 5 --n-boot 500 --induce-models sim:shallow,sim:distractible,sim:negation-blind,sim:literalist,sim:converse-blind --reps 200",
  async run(v, _pos, io) {
    const progress = progressReporter(io);
    const { runDir, report } = await runCalibrate({
      ...(await harnessOptionsFromFlags(v, io)),
      induce: true,
      reps: int(v, "reps", { min: 1 }) as number,
      onProgress: (p) => progress.update(p.stage, p.done, p.total),
    });
    progress.done();
    if (!emitRun(v, io, runDir, report)) {
      io.stdout.write(`calibration: ${report.verdict.toUpperCase()} — ${report.reasoning}\ncalibration_report.json in ${relative(io.cwd, runDir) || runDir}\n`);
    }
    return 0;
  },
});
