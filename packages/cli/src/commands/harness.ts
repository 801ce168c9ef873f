import { EXPERIMENT_DEFAULTS as D, runHarness } from "@fib/harness";
import { FibError } from "@fib/schemas";
import { type CommandIO, defineCommand, type OptionSpec, type ValuesOf } from "../_internal/command.js";
import { emitRun, flag, LOOP_OPTIONS, loopSettings, RUN_OPTIONS, requireH1, runSettings } from "../_internal/runFlags.js";
import { userPath } from "../_internal/paths.js";
import { progressReporter } from "../_internal/progress.js";
import { harnessText } from "../_internal/harnessText.js";
import { float, int, list, optional, str } from "../_internal/values.js";

export function parseSlices(v: { slice?: string[] | undefined }, cwd: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of v.slice ?? []) {
    const m = /^([\w.-]+)=(.+)$/.exec(s);
    if (!m) throw new FibError("USAGE", `--slice expects NAME=PATH, got '${s}'`);
    if (out[m[1] as string]) throw new FibError("USAGE", `--slice ${m[1]} given twice`);
    out[m[1] as string] = userPath(cwd, m[2] as string);
  }
  return out;
}

/** The flags that describe a harness configuration (shared by harness and calibrate). */
export const HARNESS_FLAGS = {
  slice: { type: "string", value: "NAME=PATH", description: "a static slice", multiple: true },
  budget: flag("budget", "items per slice per seed"),
  "n-seeds": { type: "string", value: "N", description: "seeds", default: String(D.n_seeds) },
  ...RUN_OPTIONS,
  seed: flag("seed", "base seed (seeds are SEED … SEED+n-1)"),
  "induce-from": { type: "string", value: "NAME", description: "slice split into an induction part (never scored) and a scoring part (default: the first)" },
  "induce-models": { type: "string", value: "SPEC,…", description: "mine failures from these models instead of the scored ones", multiple: true },
  "induction-fraction": flag("induction-fraction", "share of --induce-from used for induction"),
  ...LOOP_OPTIONS,
  "h1-delta": flag("h1-delta", "minimum effect for H1, in the units of the test statistic ΔV (debiased between-model variance of accuracy; 0.0025 ≈ a 0.05 std)"),
} as const satisfies Record<string, OptionSpec>;

/** The harness's flags as options (shared by harness and calibrate). */
export async function harnessOptionsFromFlags(v: ValuesOf<typeof HARNESS_FLAGS>, io: CommandIO) {
  const induceModels = list(v, "induce-models");
  const label = str(v, "label");
  return {
    slices: parseSlices(v, io.cwd),
    budget: int(v, "budget", { min: 1 }),
    nSeeds: int(v, "n-seeds", { min: 1 }),
    ...runSettings(v, io),
    ...optional("induceFrom", str(v, "induce-from")),
    ...(induceModels ? { induceModels } : {}),
    inductionFraction: float(v, "induction-fraction", { min: 0.01, max: 0.99 }),
    ...(await loopSettings(v, io)),
    h1Delta: float(v, "h1-delta", { min: 0 }),
    ...(label ? { label } : {}),
  };
}

export default defineCommand({
  name: "harness",
  summary: "Multi-seed, budget-matched comparison of slices (H1): S per seed with CIs, S_mean/S_std, and with --induce the H1 test.",
  options: {
    ...HARNESS_FLAGS,
    induce: { type: "boolean", description: "add an induced slice generated from failure clusters (and test H1)" },
    prereg: flag("prereg"),
    "require-h1": { type: "boolean", description: "exit 1 unless H1 credited to the failures is supported (induced beats static and the failure-blind control)" },
    calibrate: { type: "string", value: "N", description: "also measure H1's false-positive rate and power at this configuration, with N replications of each (see fib calibrate)" },
    label: flag("label"),
    json: flag("json", "print harness_report.json"),
  },
  details:
    "Example:\n  fib harness --slice static=data/static/static_benchmark.jsonl --slice carb=data/static/carb_benchmark.jsonl \\\n    --budget 200 --n-seeds 10 --n-boot 1000 --induce --induce-from carb",
  async run(v, _pos, io) {
    const prereg = str(v, "prereg");
    const progress = progressReporter(io);
    const { runDir, report } = await runHarness({
      ...(await harnessOptionsFromFlags(v, io)),
      induce: v.induce === true,
      ...(prereg ? { prereg: userPath(io.cwd, prereg) } : {}),
      ...optional("calibrate", int(v, "calibrate", { min: 1 })),
      onProgress: (p) => progress.update(p.stage, p.done, p.total),
    });
    progress.done();
    if (!emitRun(v, io, runDir, report)) io.stdout.write(harnessText(report, runDir, io.cwd));
    requireH1(v, report, "not tested (no --induce)");
    return 0;
  },
});
