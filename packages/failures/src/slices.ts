import type { EvalRecord, Item } from "@fib/schemas";

/** A named predicate over items: a slice of a benchmark. */
export interface Slice {
  name: string;
  predicate: (item: Item) => boolean;
}

export function defineSlice(name: string, predicate: (item: Item) => boolean): Slice {
  return { name, predicate };
}

/** One slice per distinct value of a design field, e.g. `slicesBy(items, "type")` → `type=logic_mix`, … */
export function slicesBy(items: readonly Item[], field: "type" | "depth" | "distractor_count" | "operator_count"): Slice[] {
  const values = [...new Set(items.map((i) => i[field]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return values.map((v) => defineSlice(`${field}=${v}`, (i) => i[field] === v));
}

export interface AccuracyCell {
  n: number;
  correct: number;
  accuracy: number;
  errors: number;
}

function cell(records: readonly EvalRecord[]): AccuracyCell {
  const correct = records.filter((r) => r.correct).length;
  return { n: records.length, correct, accuracy: records.length === 0 ? Number.NaN : correct / records.length, errors: records.filter((r) => r.prediction === null).length };
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const arr = m.get(k);
    if (arr) arr.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/** Accuracy per model, in first-seen model order. An errored record counts as wrong. */
export function accuracyByModel(records: readonly EvalRecord[]): Record<string, AccuracyCell> {
  return Object.fromEntries([...groupBy(records, (r) => r.model_id)].map(([m, rs]) => [m, cell(rs)]));
}

/** Accuracy per slice and model: `{slice: {model: cell}}`. An empty slice gives NaN accuracy. */
export function accuracyBySlice(records: readonly EvalRecord[], items: readonly Item[], slices: readonly Slice[]): Record<string, Record<string, AccuracyCell>> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const out: Record<string, Record<string, AccuracyCell>> = {};
  for (const s of slices) {
    const rs = records.filter((r) => {
      const it = byId.get(r.item_id);
      return it !== undefined && s.predicate(it);
    });
    out[s.name] = accuracyByModel(rs);
  }
  return out;
}
