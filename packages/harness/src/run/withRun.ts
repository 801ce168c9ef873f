import type { Provenance } from "@fib/schemas";
import { captureProvenance, type ProvenanceInput } from "./provenance.js";
import { join } from "node:path";
import { evaluate } from "@fib/failures";
import type { Predictor } from "@fib/models";
import { type EvalRecord, FibError, type Item, writeFileAtomic, writeJsonAtomic } from "@fib/schemas";
import { type EventLog, openEventLog, runIdOf } from "./eventLog.js";
import { redactSecrets, scrubSecrets, secretValuesFromEnv } from "./redact.js";
import { type ModelSelection, modelSpecs } from "./resolveModels.js";
import { createRunDir, isoSeconds, type RunDir } from "./runDir.js";

export interface RunContext extends RunDir {
  log: EventLog;
  /** aborted when the user asked to stop (Ctrl-C): long work checks it between steps */
  signal: AbortSignal | undefined;
  secrets: string[];
  /** write a report JSON into the run dir, atomically and redacted */
  writeReport(file: string, report: unknown): string;
  /** a text artifact (CSV, JSONL) beside the report: secrets scrubbed, written atomically */
  writeText(file: string, text: string): string;
  /** this run's provenance: its id, start time, command line and secrets filled in */
  provenance(input: Omit<ProvenanceInput, "runId" | "startedAt" | "argv" | "secrets">): Promise<Provenance>;
}

/** Progress of a stage: `done` of at most `total`; `expected`, where it will likely stop when it can stop early (an ETA runs to it). */
export type Progress = (p: { stage: string; done: number; total: number; expected?: number }) => void;

/** What every experiment function accepts about its run: where it goes, its label, its command line, progress. */
export interface RunSettings {
  reportsRoot?: string;
  label?: string;
  argv?: string[];
  env?: Readonly<Record<string, string | undefined>>;
  onProgress?: Progress;
  /** Ctrl-C: evaluation, seeds, rounds and replications stop at the next step, the run ends "interrupted" */
  signal?: AbortSignal;
  /** last work inside the run, after its reports are written and before `run_finished` (e.g. rendering report.html): its failure fails the run */
  beforeFinish?: (runDir: string) => void;
}

/** The environment variables a selection of models reads its credentials from (`api_key_env`), besides the usual ones. */
export function secretEnvNames(models: readonly unknown[] | undefined): string[] {
  const out: string[] = [];
  for (const m of models ?? []) {
    if (typeof m === "string") {
      const v = /[?&]api_key_env=([^&]+)/.exec(m)?.[1];
      if (v) out.push(decodeURIComponent(v));
    } else if (m && typeof m === "object" && typeof (m as { api_key_env?: unknown }).api_key_env === "string") out.push((m as { api_key_env: string }).api_key_env);
  }
  return out;
}

/** RunOptions for `withRun` from an experiment's settings: the one place they are built. */
export function runOptionsFor(
  command: string,
  defaultLabel: string,
  o: RunSettings & { models?: readonly unknown[]; modelsConfig?: string; induceModels?: readonly unknown[]; existingDir?: string },
): RunOptions {
  // the models a models-config file names count too: their api_key_env values are secrets
  const specs = o.models || o.modelsConfig ? modelSpecs(o as ModelSelection) : [];
  return {
    command,
    label: o.label ?? defaultLabel,
    secretEnvNames: secretEnvNames([...specs, ...(o.induceModels ?? [])]),
    ...(o.existingDir ? { existingDir: o.existingDir } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.beforeFinish ? { beforeFinish: o.beforeFinish } : {}),
    ...(o.reportsRoot ? { reportsRoot: o.reportsRoot } : {}),
    ...(o.argv ? { argv: o.argv } : {}),
    ...(o.env ? { env: o.env } : {}),
  };
}

export interface RunOptions {
  command: string;
  label: string;
  /** a new run dir under this root (default data/reports) … */
  reportsRoot?: string;
  /** … or append to an existing run dir */
  existingDir?: string;
  argv?: string[];
  env?: Readonly<Record<string, string | undefined>>;
  /** environment variables whose values are secrets whatever their names (models' api_key_env) */
  secretEnvNames?: readonly string[];
  signal?: AbortSignal;
  /** see RunSettings.beforeFinish */
  beforeFinish?: (runDir: string) => void;
}

/**
 * Run `body` inside a run directory: `run_started` first, then `run_finished` with the
 * status, or an `error` event and `run_finished {status: "error"}` if it throws (the error
 * propagates). Reports are written only by `writeReport`, atomically, so a failed or killed
 * run leaves events and no report.
 */
export async function withRun<T>(opts: RunOptions, body: (ctx: RunContext) => Promise<T>): Promise<T> {
  const secrets = secretValuesFromEnv(opts.env ?? process.env, opts.secretEnvNames ?? []);
  let run: RunDir;
  if (opts.existingDir) {
    run = { dir: opts.existingDir, runId: runIdOf(opts.existingDir), startedAt: isoSeconds(new Date()) };
  } else run = createRunDir({ ...(opts.reportsRoot ? { root: opts.reportsRoot } : {}), label: scrubSecrets(`${opts.command}_${opts.label}`, secrets).replace(/\[redacted\]/g, "redacted") });
  const log = openEventLog(run.dir, run.runId, { secrets, ...(opts.signal ? { signal: opts.signal } : {}) });
  const ctx: RunContext = {
    ...run,
    log,
    signal: opts.signal,
    secrets,
    writeReport(file, report) {
      const path = join(run.dir, file);
      writeJsonAtomic(path, redactSecrets(report, secrets));
      return path;
    },
    writeText(file, text) {
      const path = join(run.dir, file);
      writeFileAtomic(path, scrubSecrets(text, secrets));
      return path;
    },
    provenance: (input) => captureProvenance({ ...input, runId: run.runId, startedAt: run.startedAt, secrets, ...(opts.argv ? { argv: opts.argv } : {}) }),
  };
  const t0 = Date.now();
  log.emit("run", "run_started", { command: opts.command, label: scrubSecrets(opts.label, secrets), ...(opts.argv ? { argv: opts.argv } : {}) });
  // the process may end under the run: a predictor module calling process.exit, or a promise that
  // never settles (Node then exits with nothing left to run). The log still says how it ended.
  const onExit = (code: number) => {
    try {
      const interrupted = code === 130 || code === 143;
      log.emit("run", "error", { code: interrupted ? "ABORTED" : "MODEL_ERROR", message: `the process ended (exit ${code}) before the run finished: a model or plugin ended it or never answered` });
      log.emit("run", "run_finished", { status: interrupted ? "interrupted" : "error", duration_ms: Date.now() - t0 });
    } catch {
      // nothing more can be done while the process exits
    }
  };
  process.once("exit", onExit);
  try {
    const out = await body(ctx);
    opts.beforeFinish?.(run.dir);
    log.emit("run", "run_finished", { status: "ok", duration_ms: Date.now() - t0 });
    return out;
  } catch (e) {
    const code = (e as { code?: string }).code ?? "INTERNAL";
    // best effort: when the log itself failed (a full disk) the original error is what matters
    try {
      log.emit("run", "error", { code, message: (e as Error)?.message ?? String(e) });
      log.emit("run", "run_finished", { status: code === "ABORTED" ? "interrupted" : "error", duration_ms: Date.now() - t0 });
    } catch {
      // the log could not take it: the error below still reaches the user
    }
    throw e;
  } finally {
    process.off("exit", onExit);
    log.close();
  }
}

/** Throw ABORTED when the run was asked to stop: call between steps of long work. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new FibError("ABORTED", "interrupted (Ctrl-C): the run stopped; answers already received are cached");
}

/** Evaluate with every record streamed to the event log (which knows the run's stop signal), progress reported per model. */
export function evaluateLogged(
  predictors: readonly Predictor[],
  items: readonly Item[],
  log: EventLog,
  opts: { concurrency?: number; signal?: AbortSignal; stage?: string; onProgress?: Progress } = {},
): Promise<EvalRecord[]> {
  const signal = opts.signal ?? log.signal;
  return evaluate(predictors, items, {
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    ...(signal ? { signal } : {}),
    onRecord: (r) => log.emit(opts.stage ?? "eval", "eval_record", r),
    onProgress: (p) => opts.onProgress?.({ stage: `${opts.stage ?? "eval"} ${p.model_id}`, done: p.done, total: p.total }),
  });
}
