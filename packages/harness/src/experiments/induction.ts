import { discover, profileClusters, purity as purityOf } from "@fib/clustering";
import { extractFailures } from "@fib/failures";
import { runGenerator, type Generator } from "@fib/induce";
import { type ClusterProfile, type EvalRecord, type Failure, failureId, type Item } from "@fib/schemas";
import { createRng, deriveSeed, shuffle } from "@fib/stats";

/** What one seed's induction produced: its own split, mining, clustering and generation. */
export interface SeedInduction {
  seed: number;
  /** the scoring part of the slice: static items are sampled from it; the induction never saw it */
  scoring: Item[];
  n_induction_items: number;
  n_failures: number;
  k: number;
  /** macro purity of the failure clusters against structure_id (null when undefined) */
  purity: number | null;
  profiles: ClusterProfile[];
  /** G(profiles): the induced slice */
  induced: Item[];
  /** G(one cluster of all failures): the same budget from the same failures without structure */
  unstructured: Item[];
  /** G(one cluster of every induction item, failed or not): the same generator and budget with the failure information removed */
  blind: Item[];
}

export interface InduceForSeedOptions {
  /** every item of the slice the induction is carved from */
  items: readonly Item[];
  /** the inducing models' records on (at least) those items */
  records: readonly EvalRecord[];
  inducers: readonly string[];
  fraction: number;
  seed: number;
  k: number | "auto";
  budget: number;
  generator: Generator;
  /** ids and texts no generated item may repeat; the new items are added to them */
  exclude: { ids: Set<string>; texts: Set<string> };
  /** calibration's failure-blind null: the induced and unstructured slices are generated from the blind profile too (the generator never sees which items failed) */
  failureBlind?: boolean;
}

/** Items in the induction part for a fraction of n (at least one, and at least one left to score). */
export function inductionSize(n: number, fraction: number): number {
  return Math.max(1, Math.min(n - 1, Math.round(n * fraction)));
}

/**
 * One seed of H1's induction, pure: split the slice with the seed's stream into an induction
 * part and a scoring part, take the inducing models' failures on the induction part, cluster
 * them (φ → k-means → profiles), and generate `budget` items from the profiles — and, as the
 * unstructured control, `budget` items from a single cluster of the same failures; and, as the
 * failure-blind control, `budget` items from a single profile of *every* inducing record on the
 * induction part, right or wrong — the same generator, design space and budget, with which
 * items failed removed (the ladder blind → unstructured → structured then reads what the
 * failures' mass and their geometry each added). Every
 * generated item is checked against `exclude` (ids, and texts by their word multiset), which
 * then grows by the new items, so no seed repeats another's item.
 */
export function induceForSeed(o: InduceForSeedOptions): SeedInduction {
  const shuffled = shuffle(o.items, createRng(deriveSeed(o.seed, "harness/induction-split")));
  const nInd = inductionSize(o.items.length, o.fraction);
  const induction = shuffled.slice(0, nInd);
  const order = new Map(o.items.map((it, i) => [it.id, i]));
  const scoring = shuffled.slice(nInd).sort((a, b) => (order.get(a.id) as number) - (order.get(b.id) as number));
  const inInduction = new Set(induction.map((i) => i.id));
  const inducers = new Set(o.inducers);
  const recs = o.records.filter((r) => inInduction.has(r.item_id) && inducers.has(r.model_id));
  const failures = extractFailures(recs, induction);
  const d = discover(failures, { k: o.k, seed: o.seed, models: o.inducers });
  const labelled = d.status === "ok" && failures.every((f) => f.item.structure_id);
  const purity = labelled
    ? purityOf(
        d.labels,
        failures.map((f) => f.item.structure_id as string),
      )
    : null;
  // the same features, one cluster: reuse the fitted space instead of fitting φ again
  const flat = discover(failures, { k: 1, seed: o.seed, models: o.inducers, ...(d.feature_space ? { space: d.feature_space } : {}) });
  const generate = (profiles: readonly ClusterProfile[], label: string) => {
    const ctx = { budget: o.budget, seed: deriveSeed(o.seed, label), round: 0, exclude: o.exclude };
    const items = runGenerator(o.generator, profiles, ctx);
    for (const it of items) {
      o.exclude.ids.add(it.id);
      o.exclude.texts.add(it.x);
    }
    return items;
  };
  const blindProfiles = blindProfile(recs, induction, o.inducers);
  const induced = generate(o.failureBlind ? blindProfiles : d.profiles, "harness/generate");
  const unstructured = generate(o.failureBlind ? blindProfiles : flat.profiles, "harness/generate-unstructured");
  const blind = generate(blindProfiles, "harness/generate-blind");
  return { seed: o.seed, scoring, n_induction_items: nInd, n_failures: failures.length, k: d.k, purity, profiles: d.profiles, induced, unstructured, blind };
}

/**
 * One profile of every inducing record on the induction items, whether it failed or not: what a
 * generator sees when the failures are taken away and everything else (the items, the design
 * space, the models, the budget) is kept.
 */
export function blindProfile(records: readonly EvalRecord[], items: readonly Item[], models: readonly string[]): ClusterProfile[] {
  const byId = new Map(items.map((it) => [it.id, it]));
  const all: Failure[] = [];
  for (const r of records) {
    const item = byId.get(r.item_id);
    if (item) all.push({ failure_id: failureId(r.model_id, r.item_id), model_id: r.model_id, item_id: r.item_id, item, prediction: r.prediction, reason: "wrong_answer" });
  }
  if (all.length === 0) return [];
  return profileClusters(all, new Int32Array(all.length), { models }).map((p) => ({ ...p, description: `failure-blind: every induction item (${p.description})` }));
}
