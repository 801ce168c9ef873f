import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Generator } from "@fib/induce";
import type { PredictorSpec } from "@fib/models";
import { FibError, type Provenance, sha256File } from "@fib/schemas";
import { HarnessConfig, type HarnessConfigT, IterateConfig, type IterateConfigT, parseConfig } from "../experiments/experimentConfig.js";
import { runHarness } from "../experiments/runHarness.js";
import { runIterate } from "../experiments/runIterate.js";

/** The report files a run can be replayed from, in order of preference. */
export const REPLAYABLE = ["harness_report.json", "iterate_report.json"] as const;

/** Model kinds a replay runs without being told to: in-process, no program started, no request sent. */
export const SAFE_MODEL_KINDS = ["stub", "sim", "trained", "zoo"] as const;

export interface ReplayPlan {
  file: (typeof REPLAYABLE)[number];
  kind: "harness" | "iterate";
  /** the validated configuration the run recorded: what a replay runs (never its argv) */
  config: HarnessConfigT | IterateConfigT;
  provenance: Provenance;
  /** every model spec the replay would resolve */
  models: PredictorSpec[];
  /** specs of kinds that start a program or send requests (exec:, openai:, …): refused unless trusted */
  untrusted: string[];
  generator: string | null;
}

const kindOf = (spec: PredictorSpec) => (typeof spec === "string" ? (spec.split(":")[0] ?? "") : String((spec as { kind?: unknown }).kind ?? ""));
const specText = (spec: PredictorSpec) => (typeof spec === "string" ? spec : JSON.stringify(spec));

/**
 * What a run dir says about how it was made — read as data: the report's configuration,
 * validated by the schema the run itself used (a run dir is never trusted to name a command
 * line or a program), its provenance, and which of its models would start a program or send a
 * request.
 */
export function replayPlan(runDir: string): ReplayPlan {
  const file = REPLAYABLE.find((f) => existsSync(join(runDir, f)));
  if (!file) throw new FibError("INPUT_INVALID", `holds no replayable report (${REPLAYABLE.join(", ")}): replay re-runs harness, compare and iterate runs`, { file: runDir });
  const path = join(runDir, file);
  let report: { config?: unknown; provenance?: Provenance };
  try {
    report = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new FibError("INPUT_INVALID", `not valid JSON (${(e as Error).message})`, { file: path });
  }
  if (!report || typeof report !== "object" || !report.provenance || typeof report.provenance !== "object")
    throw new FibError("INPUT_INVALID", "has no provenance: it cannot be replayed", { file: path, field: "provenance" });
  const kind = file === "harness_report.json" ? "harness" : "iterate";
  const config = kind === "harness" ? parseConfig(HarnessConfig, report.config, { file: path }) : parseConfig(IterateConfig, report.config, { file: path });
  const models = [...config.models, ...(config.command === "harness" ? (config.induce_models ?? []) : [])] as PredictorSpec[];
  const untrusted = models.filter((m) => !(SAFE_MODEL_KINDS as readonly string[]).includes(kindOf(m))).map(specText);
  return { file, kind, config, provenance: report.provenance, models, untrusted, generator: config.generator };
}

export interface ReplayOptions {
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** run models of kinds that start programs or send requests (exec:, openai:) — only after the user has seen them */
  trustModels?: boolean;
  /** generators the user supplies (a run dir never names a module to load) */
  generators?: readonly Generator[];
  onProgress?: (p: { stage: string; done: number; total: number }) => void;
  /** Ctrl-C: the replay stops at its next step and its temporary directory is removed */
  signal?: AbortSignal;
}

export interface ReplayResult {
  plan: ReplayPlan;
  /** datasets whose sha256 differs from the provenance (then nothing was run) */
  changed: string[];
  compared: number;
  mismatches: string[];
}

/** Refuses untrusted models (unless `trustModels`) and datasets whose hash the provenance does not record. */
function refuseUnreplayable(plan: ReplayPlan, runDir: string, opts: ReplayOptions): void {
  if (plan.untrusted.length > 0 && !opts.trustModels) {
    throw new FibError("USAGE", `the run uses models that start a program or send requests (${plan.untrusted.join(", ")}): replay runs them only with --trust-models, after you have read them`, {
      file: runDir,
      field: "models",
    });
  }
  const unhashed = unhashedDatasets(plan, opts.cwd ?? process.cwd());
  if (unhashed.length > 0)
    throw new FibError("INPUT_INVALID", `reads ${unhashed.map((p) => JSON.stringify(p)).join(", ")}, whose sha256 its provenance does not record: it cannot be replayed faithfully`, {
      file: join(runDir, plan.file),
      field: "provenance.dataset_hashes",
    });
}

/** What every replayed experiment shares: the temporary reports directory, no cache, the caller's hooks. */
type Common = { reportsRoot: string; cacheDir: null; label: string } & Pick<ReplayOptions, "env" | "generators" | "onProgress" | "signal">;

/** The recorded configuration run again (paths resolved from `cwd`); its report. */
async function rerun(config: HarnessConfigT | IterateConfigT, common: Common, cwd: string): Promise<unknown> {
  const abs = (p: string) => resolve(cwd, p);
  if (config.command === "harness") {
    const c = config;
    const { report } = await runHarness({
      ...common,
      slices: Object.fromEntries(Object.entries(c.slices).map(([k, v]) => [k, abs(v)])),
      budget: c.budget,
      nSeeds: c.n_seeds,
      nBoot: c.n_boot,
      seed: c.seed,
      models: c.models as PredictorSpec[],
      induce: c.induce,
      ...(c.induce_from ? { induceFrom: c.induce_from } : {}),
      ...(c.induce_models ? { induceModels: c.induce_models as PredictorSpec[] } : {}),
      ...(c.induction_fraction !== null ? { inductionFraction: c.induction_fraction } : {}),
      ...(c.generator ? { generator: c.generator } : {}),
      ...(c.k !== null ? { k: c.k } : {}),
      h1Delta: c.thresholds.h1_delta,
    });
    return report;
  }
  const c = config;
  const { report } = await runIterate({
    ...common,
    dataset: abs(c.dataset),
    rounds: c.rounds,
    update: c.update,
    budget: c.budget,
    seed: c.seed,
    nBoot: c.n_boot,
    models: c.models as PredictorSpec[],
    k: c.k,
    generator: c.generator,
    epsilon: c.thresholds.epsilon,
    tau: c.thresholds.tau,
    window: c.thresholds.window,
  });
  return report;
}

/**
 * Re-run a harness, compare or iterate run from its recorded configuration, into a temporary
 * reports directory that is removed afterwards (nothing else is written: no cache), and compare
 * every number with the recorded report. Refuses (USAGE) models that would start a program or
 * send a request unless `trustModels`, and a generator that is not built in unless supplied.
 */
export async function replayRun(runDir: string, opts: ReplayOptions = {}): Promise<ReplayResult> {
  const plan = replayPlan(runDir);
  refuseUnreplayable(plan, runDir, opts);
  const changed = await changedDatasets(plan.provenance, opts.cwd, opts.signal);
  if (changed.length > 0) return { plan, changed, compared: 0, mismatches: [] };
  const tmp = mkdtempSync(join(tmpdir(), "fib-replay-"));
  try {
    const common: Common = {
      reportsRoot: tmp,
      cacheDir: null,
      label: "replay",
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.generators ? { generators: opts.generators } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    };
    const fresh = await rerun(plan.config, common, opts.cwd ?? process.cwd());
    const recorded = JSON.parse(readFileSync(join(runDir, plan.file), "utf8"));
    // paths in the config are where this replay found the data; the data's hashes were checked
    const diff = compareReports(recorded, fresh, { ignore: ["provenance", "config"] });
    if (readdirSync(tmp).length === 0) throw new FibError("INTERNAL", "the replay wrote no run directory");
    return { plan, changed, compared: diff.compared, mismatches: diff.mismatches };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Datasets whose sha256 no longer matches the provenance (a replay would not be of the same
 * data). Only regular files are read: a run dir naming `/dev/zero` or a FIFO is refused, never
 * hashed forever.
 */
export async function changedDatasets(prov: Provenance, baseDir = process.cwd(), signal?: AbortSignal): Promise<string[]> {
  const changed: string[] = [];
  for (const [path, hash] of Object.entries(prov.dataset_hashes)) {
    if (signal?.aborted) throw new FibError("ABORTED", "interrupted (Ctrl-C): the replay stopped");
    const abs = resolve(baseDir, path);
    if (!existsSync(abs)) changed.push(`${path} (missing)`);
    else if (!statSync(abs).isFile()) throw new FibError("INPUT_INVALID", `names ${JSON.stringify(path)} as a dataset, which is not a regular file`, { field: "provenance.dataset_hashes" });
    else if ((await sha256File(abs)) !== hash) changed.push(`${path} (sha256 differs)`);
  }
  return changed;
}

/** Every dataset the configuration reads must have its hash recorded: else a replay could not say it ran on the same data. */
function unhashedDatasets(plan: ReplayPlan, baseDir: string): string[] {
  const c = plan.config;
  const paths = c.command === "harness" ? Object.values(c.slices) : [c.dataset];
  const hashed = new Set(Object.keys(plan.provenance.dataset_hashes ?? {}).map((p) => resolve(baseDir, p)));
  return paths.filter((p) => !hashed.has(resolve(baseDir, p)));
}

export interface ReportDiff {
  compared: number;
  mismatches: string[];
}

/**
 * Compare two reports field by field, provenance aside (timestamps, run ids and the git
 * state may differ): numbers within 1e-9 (relative), everything else equal.
 */
export function compareReports(a: unknown, b: unknown, opts: { tolerance?: number; ignore?: readonly string[] } = {}): ReportDiff {
  const tol = opts.tolerance ?? 1e-9;
  const ignore = new Set(opts.ignore ?? ["provenance"]);
  const out: ReportDiff = { compared: 0, mismatches: [] };
  const walk = (x: unknown, y: unknown, path: string) => {
    if (typeof x === "number" && typeof y === "number") {
      out.compared++;
      if (!(x === y || Math.abs(x - y) <= tol * Math.max(1, Math.abs(x)))) out.mismatches.push(`${path}: ${x} → ${y}`);
      return;
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) out.mismatches.push(`${path}: ${x.length} entries → ${y.length}`);
      for (let i = 0; i < Math.min(x.length, y.length); i++) walk(x[i], y[i], `${path}[${i}]`);
      return;
    }
    if (x && y && typeof x === "object" && typeof y === "object") {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
        if (!ignore.has(k)) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      }
      return;
    }
    if (JSON.stringify(x) !== JSON.stringify(y)) out.mismatches.push(`${path}: ${JSON.stringify(x)} → ${JSON.stringify(y)}`);
  };
  walk(a, b, "");
  return out;
}
