import { runCompare } from "@fib/harness";
import { defineCommand } from "../_internal/command.js";
import { harnessText } from "../_internal/harnessText.js";
import { emitRun, flag, LOOP_OPTIONS, loopSettings, RUN_OPTIONS, requireH1, runSettings } from "../_internal/runFlags.js";
import { userPath } from "../_internal/paths.js";
import { progressReporter } from "../_internal/progress.js";
import { float, int, list, str } from "../_internal/values.js";

export default defineCommand({
  name: "compare",
  summary: "Static versus failure-induced at equal budget with one seed: the H1 test (paired difference of the debiased separation, CI, verdict) and the unstructured control.",
  options: {
    dataset: flag("dataset", "starting dataset (split into an induction part and a scoring part)"),
    budget: flag("budget", "items in each benchmark (at most the scoring part's size)", "100"),
    ...RUN_OPTIONS,
    ...LOOP_OPTIONS,
    "induce-models": { type: "string", value: "SPEC,…", description: "mine failures from these models instead of the scored ones", multiple: true },
    "induction-fraction": flag("induction-fraction", "share of the dataset used for induction"),
    "h1-delta": flag("h1-delta"),
    "require-h1": { type: "boolean", description: "exit 1 unless H1 credited to the failures is supported (induced beats static and the failure-blind control)" },
    label: flag("label"),
    json: flag("json", "print harness_report.json"),
  },
  details: "With one seed the CI resamples items; for a verdict over seeds use fib harness --induce --n-seeds 10.",
  async run(v, _pos, io) {
    const progress = progressReporter(io);
    const induceModels = list(v, "induce-models");
    const label = str(v, "label");
    const { runDir, report } = await runCompare({
      dataset: userPath(io.cwd, str(v, "dataset")),
      budget: int(v, "budget", { min: 1 }),
      ...runSettings(v, io),
      ...(await loopSettings(v, io)),
      ...(induceModels ? { induceModels } : {}),
      inductionFraction: float(v, "induction-fraction", { min: 0.01, max: 0.99 }),
      h1Delta: float(v, "h1-delta", { min: 0 }),
      ...(label ? { label } : {}),
      onProgress: (p) => progress.update(p.stage, p.done, p.total),
    });
    progress.done();
    if (!emitRun(v, io, runDir, report)) io.stdout.write(harnessText(report, runDir, io.cwd));
    requireH1(v, report, "not tested");
    return 0;
  },
});
