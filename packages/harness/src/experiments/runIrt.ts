import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  ANCHOR_METHODS,
  type AnchorEvaluation,
  type AnchorMethod,
  analyseIrt,
  anchorEvaluation,
  chooseAnchors,
  type IrtAnalysis,
  type IrtModel,
  itemsCsv,
  type ResponseMatrix,
  toPyIrtJsonl,
  toResponsesCsv,
} from "@fib/irt";
import { type EvalRecord, FibError, type Provenance, RunEvent, streamJsonl } from "@fib/schemas";
import { deriveSeed } from "@fib/stats";
import { EVENTS_FILE } from "../run/eventLog.js";
import { checkAborted, runOptionsFor, type RunSettings, withRun } from "../run/withRun.js";

export interface RunIrtOptions extends RunSettings {
  /** a run directory whose events hold eval records (eval-static, batch import, a harness run) */
  run: string;
  /** "2pl" (default) or "rasch" */
  model?: IrtModel;
  seed?: number;
  /** `fib irt select`: n anchors, how they are chosen, random draws compared */
  select?: { n: number; method?: AnchorMethod; draws?: number };
}

export interface IrtReport extends IrtAnalysis {
  source_run: string;
  /** eval records read, and those without an answer (their cells are left out of the fit) */
  n_records: number;
  n_unanswered: number;
  /** `fib irt select`: anchors chosen on the whole matrix, and leave-one-model-out estimates of each model's accuracy from its anchors against random subsets */
  select: (AnchorEvaluation & { anchors: string[] }) | null;
  provenance: Provenance;
}

/** The models × items matrix of a run's eval records (items and models in the order first seen; a record without an answer leaves its cell empty). */
export async function runResponses(runDir: string): Promise<{ matrix: ResponseMatrix; nRecords: number; nUnanswered: number }> {
  const dir = resolve(runDir);
  if (!existsSync(join(dir, EVENTS_FILE))) throw new FibError("INPUT_NOT_FOUND", `not a run directory (no ${EVENTS_FILE})`, { file: dir });
  const models = new Map<string, number>();
  const items = new Map<string, number>();
  const cells: [number, number, number][] = [];
  let nRecords = 0;
  let nUnanswered = 0;
  for await (const { value: e } of streamJsonl(join(dir, EVENTS_FILE), RunEvent)) {
    if (e.event !== "eval_record") continue;
    const r = e.payload as EvalRecord;
    nRecords++;
    let m = models.get(r.model_id);
    if (m === undefined) models.set(r.model_id, (m = models.size));
    let i = items.get(r.item_id);
    if (i === undefined) items.set(r.item_id, (i = items.size));
    if (r.prediction === null) nUnanswered++;
    cells.push([m, i, r.prediction === null ? -1 : r.correct ? 1 : 0]);
  }
  if (nRecords === 0) throw new FibError("INPUT_EMPTY", "the run holds no eval records", { file: join(dir, EVENTS_FILE) });
  const I = items.size;
  const data = new Int8Array(models.size * I).fill(-1);
  for (const [m, i, x] of cells) data[m * I + i] = x;
  return { matrix: { persons: [...models.keys()], items: [...items.keys()], data }, nRecords, nUnanswered };
}

/**
 * `fib irt`: item response theory over a run's model × item correctness — item parameters, abilities,
 * information, fit and flags — into a new run dir (irt.json, irt_items.csv, the matrix as py-irt JSONL and
 * CSV); with `select`, anchors and how well they estimate each model's full accuracy.
 */
export async function runIrt(o: RunIrtOptions): Promise<{ runDir: string; report: IrtReport }> {
  const model = o.model ?? "2pl";
  if (model !== "2pl" && model !== "rasch") throw new FibError("USAGE", `--model must be 2pl or rasch, got ${String(model)}`, { field: "model" });
  const method = o.select?.method ?? "strata";
  if (!ANCHOR_METHODS.includes(method)) throw new FibError("USAGE", `--method must be ${ANCHOR_METHODS.join(" or ")}, got ${String(method)}`, { field: "method" });
  const seed = o.seed ?? 0;
  const source = resolve(o.run);
  const { matrix, nRecords, nUnanswered } = await runResponses(source);
  if (o.select && (o.select.n < 1 || o.select.n > matrix.items.length))
    throw new FibError("USAGE", `--n must be from 1 to ${matrix.items.length} (the run's items), got ${o.select.n}`, { field: "n" });
  return withRun(runOptionsFor("irt", o.select ? "select" : model, o), async (run) => {
    const config = { source_run: source, model, seed, ...(o.select ? { select: { n: o.select.n, method, draws: o.select.draws ?? 20 } } : {}) };
    run.log.emit("irt", "run_config", { ...config, n_models: matrix.persons.length, n_items: matrix.items.length, n_records: nRecords });
    o.onProgress?.({ stage: "irt fit", done: 0, total: 1 });
    const analysis = analyseIrt(matrix, { model });
    o.onProgress?.({ stage: "irt fit", done: 1, total: 1 });
    run.log.emit("metric", "metric_computed", { name: "irt/loglik", value: analysis.loglik, iterations: analysis.iterations, converged: analysis.converged });
    let select: IrtReport["select"] = null;
    if (o.select) {
      checkAborted(o.signal);
      const ev = anchorEvaluation(matrix, {
        n: o.select.n,
        method,
        draws: o.select.draws ?? 20,
        seed,
        fit: { model },
        onPerson: (done, total) => o.onProgress?.({ stage: "irt select (models left out)", done, total }),
      });
      const anchors = chooseAnchors(
        method,
        analysis.items,
        analysis.abilities.map((a) => a.theta),
        o.select.n,
        deriveSeed(seed, "irt/select/anchors"),
      ).map((i) => matrix.items[i] as string);
      select = { ...ev, anchors };
      run.log.emit("metric", "metric_computed", { name: "irt/select_error", value: ev.irt_mean_error, random: ev.random_mean_error, n: ev.n });
    }
    const provenance = await run.provenance({ seeds: { seed }, models: matrix.persons.map((id) => ({ id })), datasets: {}, config });
    const report: IrtReport = { ...analysis, source_run: source, n_records: nRecords, n_unanswered: nUnanswered, select, provenance };
    run.writeText("irt_items.csv", itemsCsv(analysis));
    run.writeText("responses.pyirt.jsonl", toPyIrtJsonl(matrix));
    run.writeText("responses.csv", toResponsesCsv(matrix));
    if (select) run.writeText("anchors.txt", `${select.anchors.join("\n")}\n`);
    run.writeReport("irt.json", report);
    return { runDir: run.dir, report };
  });
}
