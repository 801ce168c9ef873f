import { basename } from "node:path";
import { openaiConfigFromSpec, type PredictorSpec, parseResponse, requestBody } from "@fib/models";
import { type EvalRecord, FibError, type Item, readItems, readJsonl, scrubSecrets, writeJsonl } from "@fib/schemas";
import { z } from "zod";
import { scoreSlice } from "./evalStatic.js";
import { type RunSettings, runOptionsFor, withRun } from "../run/withRun.js";
import { EXPERIMENT_DEFAULTS as D } from "./experimentDefaults.js";

/**
 * `fib batch export`: one OpenAI Batch request line per item — `{custom_id, method, url, body}`,
 * the format OpenAI's Batch API and vLLM's `run_batch` consume — with exactly the body the
 * `openai:` adapter would send. No credential is written.
 */
export async function batchExport(opts: { dataset: string; model: PredictorSpec; out: string }): Promise<{ n: number; out: string }> {
  const config = openaiConfigFromSpec(opts.model);
  const items = await readItems(opts.dataset);
  const n = await writeJsonl(
    opts.out,
    items.map((it) => {
      const { url, body } = requestBody(config, it);
      return { custom_id: it.id, method: "POST", url, body };
    }),
  );
  return { n, out: opts.out };
}

const BatchResult = z.looseObject({
  custom_id: z.string(),
  response: z.looseObject({ status_code: z.number(), body: z.unknown() }).nullable().optional(),
  error: z.unknown().optional(),
});

/**
 * `fib batch import`: batch results → eval records, scored like eval-static, in a run dir
 * (events.jsonl with one eval_record per item, records.jsonl, summary.json) that discover,
 * report and every other command accept. A failed or unparsable result is a failure with its
 * reason; an item with no result is an errored record ("missing from the batch results").
 */
export async function batchImport(
  opts: RunSettings & {
    results: string;
    dataset: string;
    model: PredictorSpec;
    nBoot?: number;
    seed?: number;
  },
): Promise<{ runDir: string; records: EvalRecord[]; summary: ReturnType<typeof scoreSlice> }> {
  const config = openaiConfigFromSpec(opts.model);
  const modelId = config.id ?? config.model.replace(/[^\w.@/-]+/g, "-");
  const items = await readItems(opts.dataset);
  const byId = new Map(items.map((it) => [it.id, it]));
  const results = await readJsonl(opts.results, BatchResult, { uniqueKey: "custom_id" });
  const seen = new Set<string>();
  const records: EvalRecord[] = [];
  for (const r of results) {
    const item = byId.get(r.custom_id);
    if (!item) throw new FibError("INPUT_INVALID", `custom_id "${r.custom_id}" is not an item of ${opts.dataset}`, { file: opts.results, field: "custom_id" });
    seen.add(item.id);
    records.push(toRecord(modelId, item, r, config));
  }
  for (const item of items) {
    if (!seen.has(item.id)) records.push({ item_id: item.id, model_id: modelId, prediction: null, y: item.y, correct: false, latency_ms: 0, error: "missing from the batch results" });
  }
  const label = `batch_${basename(opts.results).replace(/\.jsonl$/, "")}`;
  return withRun(runOptionsFor("batch-import", label, { ...opts, models: [opts.model] }), async (run) => {
    run.log.emit("run", "run_config", { dataset: opts.dataset, results: opts.results, model: modelId, n_items: items.length, n_results: results.length });
    for (const r of records) run.log.emit("eval", "eval_record", r);
    const summary = scoreSlice(label, items, records, { nBoot: opts.nBoot ?? D.n_boot, seed: opts.seed ?? 0 });
    await writeJsonl(`${run.dir}/records.jsonl`, records);
    const provenance = await run.provenance({
      seeds: { seed: opts.seed ?? 0 },
      models: [{ id: modelId, kind: "openai-batch", model: config.model, endpoint: config.endpoint ?? "chat", scoring: config.scoring ?? "logprobs" }],
      datasets: { [opts.dataset]: opts.dataset, [opts.results]: opts.results },
      config: { dataset: opts.dataset, results: opts.results, model: modelId },
    });
    run.writeReport("summary.json", { kind: "batch_import", dataset: opts.dataset, ...summary, n_errors: records.filter((x) => x.prediction === null).length, provenance });
    return { runDir: run.dir, records, summary };
  });
}

function toRecord(model_id: string, item: Item, r: z.infer<typeof BatchResult>, config: ReturnType<typeof openaiConfigFromSpec>): EvalRecord {
  const base = { item_id: item.id, model_id, y: item.y, latency_ms: 0 };
  if (r.response?.status_code !== 200) {
    const why = r.error ? scrubSecrets(JSON.stringify(r.error)).slice(0, 120) : `HTTP ${r.response?.status_code ?? "?"}`;
    return { ...base, prediction: null, correct: false, error: `batch request failed: ${why}` };
  }
  const parsed = parseResponse(config, r.response.body);
  return {
    ...base,
    prediction: parsed.answer,
    ...(parsed.p_yes === undefined ? {} : { p_yes: parsed.p_yes }),
    correct: parsed.answer !== null && parsed.answer === item.y,
    ...(parsed.error ? { error: parsed.error } : {}),
  };
}
