import { bounded, type EvalRecord, FibError, type Item, isFibError, type Prediction, type Predictor, scrubSecrets } from "@fib/schemas";

export interface EvaluateProgress {
  model_id: string;
  done: number;
  total: number;
}

export interface EvaluateOptions {
  /** batches in flight at once, across all predictors (default 4) */
  concurrency?: number;
  /** items per predict() call (default 64) */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: EvaluateProgress) => void;
  /** called with every record as soon as it exists (event logs stream from here) */
  onRecord?: (r: EvalRecord) => void;
  /**
   * Stop the evaluation (a MODEL_ERROR) once a model's errored records pass this share of its
   * records (default 0.05, judged from 40 records on) or this many in a row (default 20): a
   * model that stopped answering must not turn into a silently lower accuracy. Infinity disables.
   */
  maxErrorRate?: number;
  maxConsecutiveErrors?: number;
}

function toRecord(model_id: string, item: Item, p: Prediction | undefined, fallbackError?: string): EvalRecord {
  const answer = p?.answer ?? null;
  const raw = p?.error ?? (p === undefined ? (fallbackError ?? "predictor returned no prediction for this item") : undefined);
  // scrubbed before it is cut: a key cut first would leave a prefix no scrubber knows
  const error = raw === undefined ? undefined : bounded(scrubSecrets(String(raw)));
  return {
    item_id: item.id,
    model_id,
    prediction: answer,
    ...(p?.p_yes === undefined ? {} : { p_yes: p.p_yes }),
    y: item.y,
    correct: answer !== null && answer === item.y,
    latency_ms: p?.latency_ms ?? 0,
    ...(error === undefined ? {} : { error }),
  };
}

/** Call predict on a batch; if it throws, retry item by item so one bad item cannot sink the batch. */
async function predictBatch(p: Predictor, batch: readonly Item[], signal: AbortSignal | undefined): Promise<EvalRecord[]> {
  try {
    const preds = await p.predict(batch, signal ? { signal } : {});
    const byId = new Map(preds.map((x) => [x.item_id, x]));
    return batch.map((item) => toRecord(p.id, item, byId.get(item.id)));
  } catch (e) {
    if (signal?.aborted) throw new FibError("ABORTED", "evaluation cancelled", { cause: e });
    // the model is unreachable, misconfigured, or the run was cancelled: per-item retries cannot
    // help (a FibError other than MODEL_ERROR is about the run, not the item)
    if (isFibError(e) && e.code !== "MODEL_ERROR") throw e;
    if (batch.length === 1) return [toRecord(p.id, batch[0] as Item, undefined, `predictor threw: ${(e as Error)?.message ?? String(e)}`)];
    const out: EvalRecord[] = [];
    for (const item of batch) out.push(...(await predictBatch(p, [item], signal)));
    return out;
  }
}

function checkOptions(predictors: readonly Predictor[], concurrency: number, batchSize: number): void {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new FibError("USAGE", `concurrency must be a positive integer, got ${concurrency}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new FibError("USAGE", `batchSize must be a positive integer, got ${batchSize}`);
  const ids = new Set<string>();
  for (const p of predictors) {
    if (ids.has(p.id)) throw new FibError("CONFIG_INVALID", `two predictors share the id "${p.id}"`, { field: "models" });
    ids.add(p.id);
  }
}

/** A model's errored records: in all, in a row, and the last error. */
interface ErrorCount {
  total: number;
  run: number;
  last: string;
}

/** Why the run stopped: the model whose errors passed a limit, and its counts then. */
interface Stop extends ErrorCount {
  model: string;
  n: number;
}

/** One evaluation's shared state: the batches to run, what each model has done, and whether a model stopped it. */
interface EvalRun {
  readonly predictors: readonly Predictor[];
  readonly items: readonly Item[];
  readonly batchSize: number;
  readonly opts: EvaluateOptions;
  readonly jobs: readonly { p: number; start: number }[];
  readonly results: EvalRecord[][][];
  readonly done: number[];
  readonly errors: ErrorCount[];
  readonly maxRate: number;
  readonly maxRun: number;
  /** aborted when a model stops the run: its queued and in-flight requests stop with it */
  readonly halt: AbortController;
  readonly signal: AbortSignal;
  next: number;
  stop: Stop | null;
}

/** Stores a batch's records, counts its errors, and stops the run when the model's errors pass a limit. */
function land(run: EvalRun, job: { p: number; start: number }, recs: EvalRecord[]): void {
  const p = run.predictors[job.p] as Predictor;
  (run.results[job.p] as EvalRecord[][])[job.start / run.batchSize] = recs;
  const e = run.errors[job.p] as ErrorCount;
  for (const r of recs) {
    run.opts.onRecord?.(r);
    if (r.prediction === null && r.error !== undefined) {
      e.total++;
      e.run++;
      e.last = r.error;
    } else e.run = 0;
  }
  const n = (run.done[job.p] as number) + recs.length;
  run.done[job.p] = n;
  run.opts.onProgress?.({ model_id: p.id, done: n, total: run.items.length });
  if (run.stop === null && (e.run >= run.maxRun || (n >= 40 && e.total / n > run.maxRate))) {
    run.stop = { model: p.id, total: e.total, n, run: e.run, last: e.last };
    run.halt.abort();
  }
}

/** One of `concurrency` workers: takes the next batch until none is left or a model stopped the run. */
async function worker(run: EvalRun): Promise<void> {
  const { opts } = run;
  while (run.next < run.jobs.length && run.stop === null) {
    // in-process predictors never wait: yield so a Ctrl-C handler can run between batches
    await new Promise<void>((r) => setImmediate(r));
    if (opts.signal?.aborted) throw new FibError("ABORTED", "interrupted (Ctrl-C): evaluation stopped; answers already received are cached");
    if (run.next >= run.jobs.length || run.stop !== null) break; // another worker took the last job while this one yielded
    const job = run.jobs[run.next++] as { p: number; start: number };
    const batch = run.items.slice(job.start, job.start + run.batchSize);
    let recs: EvalRecord[];
    try {
      recs = await predictBatch(run.predictors[job.p] as Predictor, batch, run.signal);
    } catch (e) {
      if (run.stop !== null && !opts.signal?.aborted) break; // cancelled because another model stopped the run
      throw e;
    }
    land(run, job, recs);
  }
}

/**
 * The error that ends a run whose model stopped answering, or (below the share's 40-record
 * threshold too) that errored on more records than it answered; null when every model answered.
 */
function runError(run: EvalRun): FibError | null {
  const all = run.predictors.length * run.items.length;
  // counted once every batch in flight has landed (answers served from a cache among them)
  const missingText = () => {
    const answered = run.results.reduce((s, byBatch) => s + byBatch.flat().filter((r) => r.prediction !== null).length, 0);
    return `The run stopped with ${all - answered} of ${all} answers missing (${answered} answered); answers already received are cached, so a rerun once the model answers again reuses them.`;
  };
  const st = run.stop;
  if (st) {
    return new FibError(
      "MODEL_ERROR",
      `model ${st.model} stopped answering: ${st.total} of its ${st.n} records so far are errors${st.run >= run.maxRun ? ` (${st.run} in a row)` : ""}, last: ${st.last.slice(0, 200)}. ${missingText()}`,
      { field: "models" },
    );
  }
  if (!Number.isFinite(run.maxRate)) return null;
  // a model with more errored records than answered ones (or every record errored) is never an accuracy
  for (const [j, e] of run.errors.entries()) {
    const n = run.done[j] as number;
    if (n > 0 && e.total > 0 && e.total * 2 > n) {
      return new FibError(
        "MODEL_ERROR",
        `model ${(run.predictors[j] as Predictor).id} errored on ${e.total} of its ${n} records (more than it answered), last: ${e.last.slice(0, 200)}. ${missingText()}`,
        {
          field: "models",
        },
      );
    }
  }
  return null;
}

/**
 * Operator F's first half: every predictor answers every item. Returns one
 * {@link EvalRecord} per (model, item), ordered by model (as given) then item (as given),
 * whatever order the batches finished in. A predictor that throws or returns no answer for
 * an item yields a record with `prediction: null`, `correct: false` and the reason in
 * `error`; the run goes on — until a model's errors pass `maxErrorRate` or
 * `maxConsecutiveErrors`, when the evaluation stops with a MODEL_ERROR saying how many answers
 * are missing (a model that died mid-run never becomes a lower accuracy).
 */
export async function evaluate(predictors: readonly Predictor[], items: readonly Item[], opts: EvaluateOptions = {}): Promise<EvalRecord[]> {
  const concurrency = opts.concurrency ?? 4;
  const batchSize = opts.batchSize ?? 64;
  checkOptions(predictors, concurrency, batchSize);
  const jobs: { p: number; start: number }[] = [];
  predictors.forEach((_, p) => {
    for (let start = 0; start < items.length; start += batchSize) jobs.push({ p, start });
  });
  const halt = new AbortController();
  const run: EvalRun = {
    predictors,
    items,
    batchSize,
    opts,
    jobs,
    results: predictors.map(() => []),
    done: predictors.map(() => 0),
    errors: predictors.map(() => ({ total: 0, run: 0, last: "" })),
    maxRate: opts.maxErrorRate ?? 0.05,
    maxRun: opts.maxConsecutiveErrors ?? 20,
    halt,
    signal: opts.signal ? AbortSignal.any([opts.signal, halt.signal]) : halt.signal,
    next: 0,
    stop: null,
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, jobs.length)) }, () => worker(run)));
  const error = runError(run);
  if (error) throw error;
  return run.results.flatMap((byBatch) => byBatch.flat());
}
