import { z } from "zod";
import { EvalRecord } from "./records.js";

const base = {
  ts_utc: z.string(),
  run_id: z.string(),
  stage: z.string(),
};

const metricPayload = z.looseObject({
  name: z.string(),
  value: z.number().nullable(),
});

/**
 * The typed event log: one JSON object a line, `{ts_utc, run_id, stage, event, payload}`,
 * discriminated by `event`. Unknown payload fields are kept (events grow over time).
 */
export const RunEvent = z.discriminatedUnion("event", [
  z.object({ ...base, event: z.literal("run_started"), payload: z.looseObject({ command: z.string(), label: z.string() }) }),
  /** the run's configuration, as the command resolved it (every command) */
  z.object({ ...base, event: z.literal("run_config"), payload: z.record(z.string(), z.unknown()) }),
  /** the old name of run_config: run dirs written before it was renamed still read */
  z.object({ ...base, event: z.literal("harness_config"), payload: z.record(z.string(), z.unknown()) }),
  z.object({ ...base, event: z.literal("eval_record"), payload: EvalRecord }),
  z.object({ ...base, event: z.literal("metric_computed"), payload: metricPayload }),
  z.object({
    ...base,
    event: z.literal("run_finished"),
    payload: z.looseObject({ status: z.enum(["ok", "error", "interrupted"]), duration_ms: z.number() }),
  }),
  z.object({
    ...base,
    event: z.literal("error"),
    payload: z.looseObject({ code: z.string(), message: z.string() }),
  }),
]);
export type RunEvent = z.infer<typeof RunEvent>;
export type RunEventName = RunEvent["event"];
export type RunEventPayload<E extends RunEventName> = Extract<RunEvent, { event: E }>["payload"];

/** Provenance: what a report needs to be replayed, and nothing secret. */
export const Provenance = z.object({
  package_version: z.string(),
  node_version: z.string(),
  platform: z.string(),
  git_sha: z.string().nullable(),
  git_dirty: z.boolean().nullable(),
  timestamp_utc: z.string(),
  run_id: z.string(),
  argv: z.array(z.string()).optional(),
  seeds: z.record(z.string(), z.number()),
  models: z.array(z.record(z.string(), z.unknown())),
  dataset_hashes: z.record(z.string(), z.string()),
  config: z.record(z.string(), z.unknown()),
});
export type Provenance = z.infer<typeof Provenance>;
