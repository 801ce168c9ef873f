import type { EvalRecord, Item } from "@fib/schemas";
import { bootstrapCi, debiasedSeparation, deriveSeed } from "@fib/stats";
import { separationOf } from "./h1.js";
import type { SliceSeedResult } from "../experiments/harnessTypes.js";

/** Correctness matrices from eval records, and the per-slice, per-seed numbers computed from them. */

/** m[model][item] = value(record) for the models on these items; 0 where a record is missing. */
function recordMatrix(models: readonly string[], items: readonly Item[], records: readonly EvalRecord[], value: (r: EvalRecord) => number): Uint8Array[] {
  const index = new Map(items.map((it, i) => [it.id, i]));
  const rows = models.map(() => new Uint8Array(items.length));
  const mi = new Map(models.map((m, i) => [m, i]));
  for (const r of records) {
    const i = index.get(r.item_id);
    const m = mi.get(r.model_id);
    if (i !== undefined && m !== undefined) (rows[m] as Uint8Array)[i] = value(r);
  }
  return rows;
}

/** correct[m][i] for the models on these items (a missing record counts as wrong). */
export function correctnessMatrix(models: readonly string[], items: readonly Item[], records: readonly EvalRecord[]): Uint8Array[] {
  return recordMatrix(models, items, records, (r) => (r.correct ? 1 : 0));
}

/** answered[m][i] = 1 when model m gave an answer on item i. */
export function answeredMatrix(models: readonly string[], items: readonly Item[], records: readonly EvalRecord[]): Uint8Array[] {
  return recordMatrix(models, items, records, (r) => (r.prediction !== null ? 1 : 0));
}

export interface Scored {
  correct: Uint8Array[];
  answered: Uint8Array[];
}

export function seedResult(seed: number, models: readonly string[], m: Scored, idx: readonly number[], nBoot: number, label: string, withCi = true): SliceSeedResult {
  const sub = m.correct.map((row) => Uint8Array.from(idx, (i) => row[i] as number));
  const count = (row: Uint8Array) => idx.reduce((s, i) => s + (row[i] as number), 0);
  const accuracy_by_model = Object.fromEntries(models.map((id, k) => [id, idx.length ? count(m.correct[k] as Uint8Array) / idx.length : Number.NaN]));
  const answered_by_model = Object.fromEntries(models.map((id, k) => [id, count(m.answered[k] as Uint8Array)]));
  const errored_by_model = Object.fromEntries(models.map((id) => [id, idx.length - (answered_by_model[id] as number)]));
  const S = separationOf(sub);
  const ci = withCi
    ? bootstrapCi(
        idx.map((_, i) => i),
        (sample) => separationOf(sub, sample as number[]),
        { nBoot, seed: deriveSeed(seed, `harness/ci/${label}`) },
      )
    : { value: S, lo: Number.NaN, hi: Number.NaN, n_boot: 0, alpha: 0.05, method: "percentile" as const };
  const d = debiasedSeparation(sub);
  return {
    seed,
    n: idx.length,
    accuracy_by_model,
    answered_by_model,
    errored_by_model,
    model_separation_S: ci.value,
    model_separation_S_ci: ci,
    S2_debiased: d.S2_debiased,
    S_debiased: d.S_debiased,
    noise_floor_S2: d.noise_floor_S2,
  };
}

export const identity = (n: number) => Array.from({ length: n }, (_, i) => i);
