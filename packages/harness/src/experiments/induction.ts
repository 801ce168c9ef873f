import { discover, profileClusters, purity as purityOf } from "@fib/clustering";
import { extractFailures } from "@fib/failures";
import { type GenerateContext, runGenerator, type Generator } from "@fib/induce";
import { transformFeatures } from "@fib/geometry";
import { estimateAbilities, fitIrt, itemInformation, type ResponseMatrix } from "@fib/irt";
import { type ClusterProfile, type EvalRecord, type Failure, failureId, type Item } from "@fib/schemas";
import { createRng, debiasedSeparation, deriveSeed, shuffle } from "@fib/stats";

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
  const generate = (profiles: readonly ClusterProfile[], label: string, geometry?: GenerateContext["geometry"]) => {
    const ctx = { budget: o.budget, seed: deriveSeed(o.seed, label), round: 0, exclude: o.exclude, ...(geometry ? { geometry } : {}) };
    const items = runGenerator(o.generator, profiles, ctx);
    for (const it of items) {
      o.exclude.ids.add(it.id);
      o.exclude.texts.add(it.x);
    }
    return items;
  };
  let blindProfiles = blindProfile(recs, induction, o.inducers);
  let profiles = d.profiles;
  let flatProfiles = flat.profiles;
  // information allocation: each cluster's items' IRT information at the inducers' abilities, fitted on the induction split only
  const info = o.generator.uses?.includes("information") ? splitInformation(recs, induction, o.inducers) : null;
  if (info) {
    profiles = withInformation(profiles, failures, d.labels, info);
    flatProfiles = withInformation(
      flatProfiles,
      failures,
      failures.map(() => 0),
      info,
    );
    blindProfiles = blindProfiles.map((p) => ({ ...p, information: [...info.values()].reduce((s, v) => s + v, 0) }));
  }
  // separation allocation: the inducers' V̂ on each cluster's failed items (on the blind profile: every induction item), induction split only
  if (o.generator.uses?.includes("separation")) {
    const sep = separationOf(recs, induction, o.inducers);
    profiles = sep.profiles(profiles, failures, d.labels);
    flatProfiles = sep.profiles(
      flatProfiles,
      failures,
      failures.map(() => 0),
    );
    blindProfiles = blindProfiles.map((p) => ({ ...p, ...sep.of(induction.map((it) => it.id)) }));
  }
  // the failure geometry, for a generator that selects items in it: each slice's own profiles' centroids
  // (the blind control's: the mean of every inducing record's item, failed or not, in the same space)
  const geo = o.generator.uses?.includes("geometry") && d.feature_space ? geometriesOf(d, flat, recs, induction) : null;
  const induced = generate(o.failureBlind ? blindProfiles : profiles, "harness/generate", o.failureBlind ? geo?.blind : geo?.induced);
  const unstructured = generate(o.failureBlind ? blindProfiles : flatProfiles, "harness/generate-unstructured", o.failureBlind ? geo?.blind : geo?.unstructured);
  const blind = generate(blindProfiles, "harness/generate-blind", geo?.blind);
  return { seed: o.seed, scoring, n_induction_items: nInd, n_failures: failures.length, k: d.k, purity, profiles, induced, unstructured, blind };
}

/** Each model's answer to each item, model-major (1 right, 0 wrong, −1 none or no prediction), and each item's column. */
function answerGrid(records: readonly EvalRecord[], items: readonly Item[], models: readonly string[]): { col: Map<string, number>; data: Int8Array } {
  const col = new Map(items.map((it, i) => [it.id, i]));
  const row = new Map(models.map((m, j) => [m, j]));
  const I = items.length;
  const data = new Int8Array(models.length * I).fill(-1);
  for (const r of records) {
    const i = col.get(r.item_id);
    const j = row.get(r.model_id);
    if (i !== undefined && j !== undefined) data[j * I + i] = r.prediction === null ? -1 : r.correct ? 1 : 0;
  }
  return { col, data };
}

/**
 * The inducing models' debiased separation V̂ (H1's statistic) on a set of induction items — every
 * inducer's answers, from the induction split only — and profiles carrying it for their clusters'
 * distinct failed items. Items some inducer has no answer for are left out.
 */
export function separationOf(
  records: readonly EvalRecord[],
  items: readonly Item[],
  models: readonly string[],
): {
  of(ids: Iterable<string>): { separation?: number; separation_items: number };
  profiles(profiles: readonly ClusterProfile[], failures: readonly Failure[], labels: ArrayLike<number>): ClusterProfile[];
} {
  const { col, data } = answerGrid(records, items, models);
  const correct = models.map((_, j) => data.subarray(j * items.length, (j + 1) * items.length));
  const of = (ids: Iterable<string>) => {
    const idx: number[] = [];
    for (const id of new Set(ids)) {
      const i = col.get(id);
      if (i !== undefined && correct.every((c) => (c[i] as number) >= 0)) idx.push(i);
    }
    if (models.length < 2 || idx.length === 0) return { separation_items: idx.length };
    return { separation: debiasedSeparation(correct, idx).S2_debiased, separation_items: idx.length };
  };
  return {
    of,
    profiles: (profiles, failures, labels) => profiles.map((p) => ({ ...p, ...of(failures.filter((_, t) => labels[t] === p.cluster_id).map((f) => f.item_id)) })),
  };
}

type Geometry = NonNullable<GenerateContext["geometry"]>;
type Discovered = ReturnType<typeof discover>;

/** The geometry each slice's generation reads: the clusters' centroids, the one cluster's, and the blind profile's (every inducing record's item). */
function geometriesOf(d: Discovered, flat: Discovered, recs: readonly EvalRecord[], induction: readonly Item[]): { induced: Geometry; unstructured: Geometry; blind: Geometry } | null {
  const space = d.feature_space;
  if (!space) return null;
  const byId = new Map(induction.map((it) => [it.id, it]));
  const rows = recs.map((r) => byId.get(r.item_id)).filter((it): it is Item => it !== undefined);
  const x = transformFeatures(space, rows);
  const mean = Array.from({ length: x.cols }, (_, j) => {
    let s = 0;
    for (let i = 0; i < x.rows; i++) s += x.data[i * x.cols + j] as number;
    return x.rows > 0 ? s / x.rows : 0;
  });
  return { induced: { space, centroids: d.centroids }, unstructured: { space, centroids: flat.centroids }, blind: { space, centroids: [mean] } };
}

/**
 * Each induction item's test information at the inducing models' abilities (Σ_m I_i(θ_m)), from a Rasch
 * fit of the inducers × induction items (a shared slope: with a handful of models a per-item slope is
 * mostly its prior). An item every model fails — or passes — carries little; one they split on, most.
 * Null with fewer than 2 models or 2 items.
 */
export function splitInformation(records: readonly EvalRecord[], items: readonly Item[], models: readonly string[]): Map<string, number> | null {
  if (models.length < 2 || items.length < 2) return null;
  const { data } = answerGrid(records, items, models);
  const m: ResponseMatrix = { persons: [...models], items: items.map((it) => it.id), data };
  const fit = fitIrt(m, { model: "rasch", tol: 1e-4 });
  const thetas = estimateAbilities(fit.items, m).map((a) => a.theta);
  return new Map(fit.items.map((it) => [it.id, thetas.reduce((s, t) => s + itemInformation(it, t), 0)]));
}

/** Profiles with `information`: the sum over each cluster's distinct failed items of their information. */
function withInformation(profiles: readonly ClusterProfile[], failures: readonly Failure[], labels: ArrayLike<number>, info: ReadonlyMap<string, number>): ClusterProfile[] {
  const items = new Map<number, Set<string>>();
  failures.forEach((f, i) => {
    const c = labels[i] as number;
    let set = items.get(c);
    if (!set) items.set(c, (set = new Set()));
    set.add(f.item_id);
  });
  return profiles.map((p) => ({ ...p, information: [...(items.get(p.cluster_id) ?? [])].reduce((s, id) => s + (info.get(id) ?? 0), 0) }));
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
