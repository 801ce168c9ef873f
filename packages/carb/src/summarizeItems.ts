import type { Item } from "@fib/schemas";

export interface ItemSummary {
  n: number;
  label_1_share: number;
  by_type: Record<string, number>;
  by_structure: Record<string, number>;
  depth: { min: number; max: number; mean: number };
  distractor_count: { min: number; max: number; mean: number };
  operator_count: { min: number; max: number; mean: number };
}

function countBy(items: readonly Item[], key: (i: Item) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of items) out[key(it)] = (out[key(it)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function range(xs: readonly number[]) {
  if (xs.length === 0) return { min: Number.NaN, max: Number.NaN, mean: Number.NaN };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let s = 0;
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
    s += x;
  }
  return { min, max, mean: s / xs.length };
}

/** What a dataset holds: counts by type and structure, label balance, axis ranges. */
export function summarizeItems(items: readonly Item[]): ItemSummary {
  return {
    n: items.length,
    label_1_share: items.length === 0 ? Number.NaN : items.filter((i) => i.y === 1).length / items.length,
    by_type: countBy(items, (i) => i.type),
    by_structure: countBy(items, (i) => i.structure_id ?? "(none)"),
    depth: range(items.map((i) => i.depth)),
    distractor_count: range(items.map((i) => i.distractor_count)),
    operator_count: range(items.map((i) => i.operator_count)),
  };
}
