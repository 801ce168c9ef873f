import { EXPERIMENT_DEFAULTS as D, generatorChoice } from "@fib/harness";
import { FibError } from "@fib/schemas";
import type { CommandIO, OptionSpec, Values, ValuesOf } from "./command.js";
import { join, relative } from "node:path";
import { HTML_OPTION, writeHtmlReport } from "./html.js";
import { MODEL_OPTIONS, modelSelection } from "./modelFlags.js";
import { userPath } from "./paths.js";
import { int, str } from "./values.js";

/** The flags with one meaning everywhere: one definition (commands may only say more in the description). */
export const FLAGS = {
  seed: { type: "string", value: "SEED", description: "seed", default: String(D.seed) },
  "n-boot": { type: "string", value: "N", description: "bootstrap resamples", default: String(D.n_boot) },
  "reports-dir": { type: "string", value: "DIR", description: "where run directories go", default: D.reports_dir },
} as const satisfies Record<string, OptionSpec>;

/** Flags several commands define for themselves, with one name, value and default (each command says what it means there). */
export const NAMED_FLAGS = {
  ...FLAGS,
  dataset: { type: "string", value: "PATH", description: "JSONL dataset of items", default: D.dataset },
  budget: { type: "string", value: "N", description: "items", default: String(D.budget) },
  "induction-fraction": { type: "string", value: "F", description: "share used for induction", default: String(D.induction_fraction) },
  "h1-delta": { type: "string", value: "D", description: "minimum effect, in the units of ΔV", default: String(D.h1_delta) },
  label: { type: "string", value: "LABEL", description: "run label" },
  json: { type: "boolean", description: "print the report as JSON (stdout holds only JSON)" },
  prereg: { type: "string", value: "FILE", description: "refuse to run unless the config matches this pre-registration" },
} as const satisfies Record<string, OptionSpec>;

type Named = typeof NAMED_FLAGS;
/** A named flag's definition with its default as given: unchanged (undefined), another (a string), or none (null). */
type FlagWith<N extends keyof Named, D> = D extends null ? Omit<Named[N], "default"> : D extends string ? Omit<Named[N], "default"> & { default: string } : Named[N];

/** A named flag with a command's own description, and its own default (null: none) where it differs. */
export function flag<N extends keyof Named, D extends string | null | undefined = undefined>(name: N, description?: string, def?: D): FlagWith<N, D> {
  const { default: base, ...rest } = NAMED_FLAGS[name] as OptionSpec;
  const d = def === undefined ? base : def;
  return { ...rest, ...(description ? { description } : {}), ...(d === null || d === undefined ? {} : { default: d }) } as unknown as FlagWith<N, D>;
}

/** Flags every experiment command shares: models, seed, bootstrap, where runs go, --html. */
export const RUN_OPTIONS = {
  ...MODEL_OPTIONS,
  ...FLAGS,
  ...HTML_OPTION,
} as const satisfies Record<string, OptionSpec>;

/** Flags of the commands that cluster failures and generate (compare, harness, iterate). */
export const LOOP_OPTIONS = {
  k: { type: "string", value: "auto|N", description: "failure clusters (auto: chosen by silhouette)", default: String(D.k) },
  generator: {
    type: "string",
    value: "NAME",
    description:
      "generator G: carb-conditioned (budget by cluster size), carb-conditioned.disagreement (by size × model disagreement), carb-conditioned.information (by the IRT information of the cluster's items at the models' abilities, fitted on the induction split), carb-conditioned.separation (by the inducers' debiased separation on the cluster's items, on the induction split), a .hard variant of the first three, .geometry variants of size, information and separation (each item the best of 4 candidates: nearest its cluster's centroid in the failure features), or a module / package exporting a Generator",
    default: D.generator,
  },
} as const satisfies Record<string, OptionSpec>;

/** What every run takes from its command line, in one place: seed, bootstrap, where runs go, argv, env, Ctrl-C, --html. */
export function runBasics(v: ValuesOf<typeof FLAGS & typeof HTML_OPTION>, io: CommandIO) {
  return {
    seed: int(v, "seed"),
    nBoot: int(v, "n-boot", { min: 1 }),
    reportsRoot: userPath(io.cwd, str(v, "reports-dir")),
    argv: io.argv,
    env: io.env,
    ...(io.signal ? { signal: io.signal } : {}),
    ...htmlSettings(v),
  };
}

/** runBasics and the models a run evaluates. */
export function runSettings(v: ValuesOf<typeof RUN_OPTIONS>, io: CommandIO) {
  return { ...modelSelection(v, io.cwd, io.env), ...runBasics(v, io) };
}

/** `--require-h1`: exit 1 (THRESHOLD_NOT_MET) unless H1 credited to the failures is supported. */
export function requireH1(v: Values, report: { h1?: { verdict: string } | null; h1_credited?: { verdict: string; decided_by: string } | null }, untested: string): void {
  if (!v["require-h1"] || (report.h1_credited ?? report.h1)?.verdict === "supported") return;
  throw new FibError("THRESHOLD_NOT_MET", `H1 was asked for (--require-h1) and is ${report.h1_credited ? `${report.h1_credited.verdict} (decided by: ${report.h1_credited.decided_by})` : untested}`);
}

/** With --html, report.html is rendered inside the run, before run_finished: a page that cannot be written fails the run in its own log. */
export function htmlSettings(v: ValuesOf<typeof HTML_OPTION>): { beforeFinish?: (runDir: string) => void } {
  return v.html ? { beforeFinish: (runDir: string) => void writeHtmlReport(runDir) } : {};
}

export async function loopSettings(v: ValuesOf<typeof LOOP_OPTIONS>, io: CommandIO) {
  const k = str(v, "k");
  return {
    k: k === "auto" ? ("auto" as const) : int(v, "k", { min: 1 }),
    ...(await generatorChoice(str(v, "generator"), io.cwd)),
  };
}

/**
 * After a run: write report.html when --html was given (and say where), and print the report
 * JSON when --json was given. Returns true when the JSON was printed (the caller then skips its
 * human-readable summary).
 */
export function emitRun(v: Values, io: CommandIO, runDir: string, report: unknown): boolean {
  // with --json, stdout is JSON and nothing else: the report.html line goes to stderr
  // (the page was written inside the run: see htmlSettings)
  if (v.html) (v.json ? io.stderr : io.stdout).write(`report.html: ${relative(io.cwd, join(runDir, "report.html"))}\n`);
  if (v.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return v.json === true;
}
