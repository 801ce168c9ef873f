import type { Generator } from "@fib/induce";
import { extractFailures } from "@fib/failures";
import { type EvalRecord, type Failure, FibError, type Item, readItems } from "@fib/schemas";
import { createRng, deriveSeed, mean, sampleIndices, std } from "@fib/stats";
import { answeredMatrix, correctnessMatrix, identity, type Scored, seedResult } from "../stats/correctness.js";
import { EXPERIMENT_LIMITS, HarnessConfig, type HarnessConfigT, parseConfig } from "./experimentConfig.js";
import { EXPERIMENT_DEFAULTS as D } from "./experimentDefaults.js";
import { creditedH1, type H1Pair, h1Test } from "../stats/h1.js";
import { h2Slices, type SliceRecovery, sliceRecovery } from "../stats/h2Slices.js";
import { type HarnessOptions, type HarnessReport, harnessConfigFrom, type SliceSeedResult } from "./harnessTypes.js";
import { induceForSeed, inductionSize, type SeedInduction } from "./induction.js";
import { checkAborted } from "../run/withRun.js";

export { correctnessMatrix } from "../stats/correctness.js";
export { type CalibrationBlock, type HarnessOptions, type HarnessReport, harnessConfigFrom, type RateEstimate, type SeparationScores, type SliceSeedResult } from "./harnessTypes.js";

type SliceReport = HarnessReport["slices"][string];
type TestReport = NonNullable<HarnessReport["h1"]>;

/** Everything the harness computes from answers; no files, no models resolved (calibration replays it with simulated answers). */
export interface HarnessCoreInput {
  sliceItems: Record<string, Item[]>;
  models: readonly string[];
  inducers: readonly string[];
  /** scored and inducing models are the same objects (the inducers' records are the scored ones) */
  sameInducers: boolean;
  /** the scored models' ids that are inducers too, by identity */
  shared: readonly string[];
  budget: number;
  seeds: readonly number[];
  nBoot: number;
  baseSeed: number;
  induceFrom: string | null;
  fraction: number;
  k: number | "auto";
  h1Delta: number;
  generator: Generator | null;
  evaluateScored: (items: readonly Item[], stage: string) => Promise<EvalRecord[]>;
  evaluateInducers: (items: readonly Item[], stage: string) => Promise<EvalRecord[]>;
  onMetric?: (name: string, payload: Record<string, unknown>) => void;
  onSeed?: (done: number, total: number) => void;
  /** bootstrap CIs of S per slice and seed (default true; calibration needs only the tests) */
  sliceCis?: boolean;
  /** checked before every seed (Ctrl-C) */
  signal?: AbortSignal;
  /** calibration's failure-blind null: the generator is given the blind profile instead of the failures' (see induceForSeed) */
  failureBlind?: boolean;
  /** H2 in the harness (failure clusters per slice and seed; default true; calibration counts H1 only) */
  h2?: boolean;
}

export type HarnessCoreResult = Pick<
  HarnessReport,
  "slices" | "induction" | "h1" | "h1_unstructured" | "structure_effect" | "h1_blind" | "failure_effect" | "mass_effect" | "h1_credited" | "h1_scored" | "h2_induced" | "h2_blind"
>;

type Side = "induced" | "unstructured" | "blind";

/** What every seed reads: the static slices answered once, who is scored, what generated items must not repeat. */
interface SeedContext {
  scoredSlices: Record<string, Scored>;
  sliceRecords: Record<string, EvalRecord[]>;
  slices: HarnessReport["slices"];
  inducerRecords: EvalRecord[];
  /** rows of the models H1 scores (those that answered anything of the induced-from slice) */
  answering: number[];
  h2Models: string[];
  datasetTexts: string[];
  usedIds: Set<string>;
  positions: Record<string, Map<string, number>>;
}

/** What the seeds accumulate for the verdicts. */
interface SeedTally {
  dropped: Record<"static" | Side, number>;
  perSeed: ({ static: H1Pair } & Record<Side, Uint8Array[]>)[];
  recovery: { seed: number; static: SliceRecovery | null; induced: SliceRecovery | null; blind: SliceRecovery | null }[];
  inductions: SeedInduction[];
}

export async function harnessCore(c: HarnessCoreInput): Promise<HarnessCoreResult & { records: EvalRecord[] }> {
  const ctx = await seedContext(c);
  const tally: SeedTally = { dropped: { static: 0, induced: 0, unstructured: 0, blind: 0 }, perSeed: [], recovery: [], inductions: [] };
  for (const [si, s] of c.seeds.entries()) {
    checkAborted(c.signal);
    await runSeed(c, ctx, tally, s);
    c.onSeed?.(si + 1, c.seeds.length);
  }
  summariseSlices(ctx.slices, c.onMetric);
  const records = Object.values(ctx.sliceRecords).flat();
  if (!c.generator || !c.induceFrom || tally.inductions.length === 0) return { slices: ctx.slices, ...NO_INDUCTION, records };
  return { slices: ctx.slices, ...inductionVerdicts(c, ctx, tally), records };
}

const NO_INDUCTION = {
  induction: null,
  h1: null,
  h1_unstructured: null,
  structure_effect: null,
  h1_blind: null,
  failure_effect: null,
  mass_effect: null,
  h1_credited: null,
  h1_scored: null,
  h2_induced: null,
  h2_blind: null,
} as const;

/** Every model answers every item of every static slice once; seeds then sample. */
async function seedContext(c: HarnessCoreInput): Promise<SeedContext> {
  const { sliceItems, models, budget, induceFrom } = c;
  const scoredSlices: Record<string, Scored> = {};
  const sliceRecords: Record<string, EvalRecord[]> = {};
  for (const [name, items] of Object.entries(sliceItems)) {
    const recs = await c.evaluateScored(items, `eval/${name}`);
    sliceRecords[name] = recs;
    scoredSlices[name] = { correct: correctnessMatrix(models, items, recs), answered: answeredMatrix(models, items, recs) };
  }
  const slices: HarnessReport["slices"] = {};
  const emptySlice = (n: number, branch: SliceReport["branch"]): SliceReport => ({ n_items: n, branch, S_mean: 0, S_std: 0, S2_debiased_mean: 0, S_debiased: 0, per_seed: [] });
  for (const [name, items] of Object.entries(sliceItems)) {
    const n = name === induceFrom ? items.length - inductionSize(items.length, c.fraction) : items.length;
    slices[name] = emptySlice(n, n <= budget ? "budget_cap" : "resample");
  }
  let inducerRecords: EvalRecord[] = [];
  if (c.generator && induceFrom) {
    for (const side of ["induced", "unstructured", "blind"] as const) slices[side] = emptySlice(budget, "generated");
    inducerRecords = c.sameInducers ? (sliceRecords[induceFrom] as EvalRecord[]) : await c.evaluateInducers(sliceItems[induceFrom] as Item[], "induce");
  }
  const all = Object.values(sliceItems).flat();
  // H1 is scored on the models that answered anything, and per slice on the items every one of them answered
  const answering = induceFrom ? h1Models(models, scoredSlices[induceFrom] as Scored) : models.map((_, j) => j);
  return {
    scoredSlices,
    sliceRecords,
    slices,
    inducerRecords,
    answering,
    h2Models: answering.map((j) => models[j] as string),
    // no generated item repeats a dataset item (by id, text or word multiset); ids never repeat across seeds
    datasetTexts: all.map((it) => it.x),
    usedIds: new Set(all.map((it) => it.id)),
    positions: Object.fromEntries(Object.entries(sliceItems).map(([name, items]) => [name, new Map(items.map((it, i) => [it.id, i]))])),
  };
}

/** The scored models' failures among `items` (H2 in the harness clusters these against structure_id). */
function scoredFailures(ctx: SeedContext, recs: readonly EvalRecord[], items: readonly Item[]): Failure[] {
  const ids = new Set(items.map((it) => it.id));
  const keep = new Set(ctx.h2Models);
  return extractFailures(
    recs.filter((r) => ids.has(r.item_id) && keep.has(r.model_id)),
    items,
  );
}

function pushSeed(c: HarnessCoreInput, ctx: SeedContext, name: string, r: SliceSeedResult): void {
  (ctx.slices[name] as SliceReport).per_seed.push(r);
  c.onMetric?.(`slice/${name}/separation`, { value: r.model_separation_S, S2_debiased: r.S2_debiased, ci: r.model_separation_S_ci, seed: r.seed, n: r.n });
}

/** One seed: induce (when a generator is set), sample every static slice, score the three generated slices. */
async function runSeed(c: HarnessCoreInput, ctx: SeedContext, tally: SeedTally, s: number): Promise<void> {
  const { generator: gen, induceFrom } = c;
  let ind: SeedInduction | null = null;
  if (gen && induceFrom) {
    ind = induceForSeed({
      items: c.sliceItems[induceFrom] as Item[],
      records: ctx.inducerRecords,
      inducers: c.inducers,
      fraction: c.fraction,
      seed: s,
      k: c.k,
      budget: c.budget,
      generator: gen,
      exclude: { ids: ctx.usedIds, texts: new Set(ctx.datasetTexts) },
      ...(c.failureBlind ? { failureBlind: true } : {}),
    });
    tally.inductions.push(ind);
    c.onMetric?.("induction/n_failures", { value: ind.n_failures, k: ind.k, seed: s });
  }
  const staticSide = sampleStatic(c, ctx, tally, ind, s);
  if (!ind || !staticSide) return;
  const failuresOf: Partial<Record<Side, Failure[]>> = {};
  const scoreGenerated = async (items: Item[], name: Side) => {
    const recs = await c.evaluateScored(items, `eval/${name}/seed=${s}`);
    failuresOf[name] = scoredFailures(ctx, recs, items);
    const sc = { correct: correctnessMatrix(c.models, items, recs), answered: answeredMatrix(c.models, items, recs) };
    pushSeed(c, ctx, name, seedResult(s, c.models, sc, identity(items.length), c.nBoot, name, c.sliceCis ?? true));
    const kept = answeredBy(sc, identity(items.length), ctx.answering);
    tally.dropped[name] += items.length - kept.length;
    return ctx.answering.map((j) => Uint8Array.from(kept, (i) => (sc.correct[j] as Uint8Array)[i] as number));
  };
  const induced = await scoreGenerated(ind.induced, "induced");
  const unstructured = await scoreGenerated(ind.unstructured, "unstructured");
  const blind = await scoreGenerated(ind.blind, "blind");
  tally.perSeed.push({ static: staticSide.pair, induced, unstructured, blind });
  const k = ind.k;
  const rec = (fs: readonly Failure[]) => (k > 0 && c.h2 !== false ? sliceRecovery(fs, k, deriveSeed(s, "harness/h2"), ctx.h2Models) : null);
  tally.recovery.push({ seed: s, static: rec(staticSide.failures), induced: rec(failuresOf.induced ?? []), blind: rec(failuresOf.blind ?? []) });
}

/** Sample every static slice at the budget (the induced-from one from this seed's scoring split only); returns the induced-from slice's H1 side. */
function sampleStatic(c: HarnessCoreInput, ctx: SeedContext, tally: SeedTally, ind: SeedInduction | null, s: number): { pair: H1Pair; failures: Failure[] } | null {
  let out: { pair: H1Pair; failures: Failure[] } | null = null;
  for (const [name, items] of Object.entries(c.sliceItems)) {
    const pool = ind && name === c.induceFrom ? ind.scoring.map((it) => (ctx.positions[name] as Map<string, number>).get(it.id) as number) : identity(items.length);
    const pick = sampleIndices(pool.length, c.budget, createRng(deriveSeed(s, `harness/sample/${name}`)));
    const idx = pick.map((p) => pool[p] as number);
    const sc = ctx.scoredSlices[name] as Scored;
    pushSeed(c, ctx, name, seedResult(s, c.models, sc, idx, c.nBoot, name, c.sliceCis ?? true));
    if (ind && name === c.induceFrom) {
      const kept = answeredBy(sc, idx, ctx.answering);
      tally.dropped.static += idx.length - kept.length;
      out = {
        pair: { static: ctx.answering.map((j) => Uint8Array.from(kept, (i) => (sc.correct[j] as Uint8Array)[i] as number)), induced: [], static_idx: Int32Array.from(kept) },
        failures: scoredFailures(
          ctx,
          ctx.sliceRecords[name] as EvalRecord[],
          idx.map((i) => items[i] as Item),
        ),
      };
    }
  }
  return out;
}

/** Each slice's S over seeds (mean, spread, debiased). */
function summariseSlices(slices: HarnessReport["slices"], metric?: HarnessCoreInput["onMetric"]): void {
  for (const [name, sl] of Object.entries(slices)) {
    const Ss = sl.per_seed.map((r) => r.model_separation_S);
    sl.S_mean = mean(Ss);
    sl.S_std = std(Ss, 0);
    sl.S2_debiased_mean = mean(sl.per_seed.map((r) => r.S2_debiased));
    sl.S_debiased = Math.sqrt(Math.max(0, sl.S2_debiased_mean));
    metric?.(`slice/${name}/S_mean`, { value: sl.S_mean, S_std: sl.S_std, S2_debiased_mean: sl.S2_debiased_mean, n_seeds: Ss.length });
  }
}

/** The induction's summary, every H1 comparison, the credited verdict and H2 beside its failure-blind null. */
function inductionVerdicts(c: HarnessCoreInput, ctx: SeedContext, tally: SeedTally): Omit<HarnessCoreResult, "slices"> {
  const induction = inductionSummary(c, tally.inductions);
  const tests = h1Comparisons(c, ctx, tally.perSeed, induction);
  const h1_credited = creditedH1(tests.h1, tests.failure_effect);
  const h1_scored = {
    models: ctx.h2Models,
    models_excluded: c.models.filter((_, j) => !ctx.answering.includes(j)),
    items_dropped: tally.dropped,
  };
  for (const name of ["h1", "h1_unstructured", "h1_blind", "structure_effect", "failure_effect", "mass_effect"] as const) {
    const t = tests[name];
    c.onMetric?.(`${name}/diff_mean`, { value: t.diff_mean, ci: t.ci, verdict: t.verdict });
  }
  c.onMetric?.("h1_credited/verdict", { value: null, verdict: h1_credited.verdict, decided_by: h1_credited.decided_by });
  return { induction, ...tests, h1_credited, h1_scored, ...h2Verdicts(c, tally.recovery) };
}

function inductionSummary(c: HarnessCoreInput, inductions: readonly SeedInduction[]): NonNullable<HarnessReport["induction"]> {
  const gen = c.generator as Generator;
  const first = inductions[0] as SeedInduction;
  const shared = [...c.shared];
  const purities = inductions.map((d) => d.purity).filter((p): p is number => p !== null);
  return {
    from: c.induceFrom as string,
    n_induction_items: first.n_induction_items,
    n_scoring_items: first.scoring.length,
    induce_models: [...c.inducers],
    shared_with_scored: shared,
    held_out: shared.length === 0,
    n_failures: mean(inductions.map((d) => d.n_failures)),
    k: first.k,
    failure_geometry_purity: purities.length ? mean(purities) : null,
    per_seed: inductions.map((d) => ({ seed: d.seed, n_failures: d.n_failures, k: d.k, purity: d.purity })),
    profiles: first.profiles.map((p) => ({ cluster_id: p.cluster_id, size: p.size, description: p.description })),
    generator: gen.describe?.() ?? { name: gen.name, version: gen.version },
  };
}

/** H1 against static for each generated slice, and the three effects between them (each at equal budget). */
function h1Comparisons(c: HarnessCoreInput, ctx: SeedContext, perSeed: SeedTally["perSeed"], induction: NonNullable<HarnessReport["induction"]>) {
  const induceFrom = c.induceFrom as string;
  const shared = induction.shared_with_scored;
  const note =
    shared.length === 0
      ? `The induced slice was mined from ${induction.induce_models.join(", ")}, none of which is a scored model.`
      : `Caveat: the induced slice was mined from the failures of ${shared.length === c.models.length ? "the same models it scores" : `models it also scores (${shared.join(", ")})`}; pass --induce-models with other models to judge it on models it was not mined from.`;
  // the static slices of every seed are drawn from one pool (the slice's items, answered once): the CI resamples it once for all seeds
  const pool = ctx.answering.map((j) => (ctx.scoredSlices[induceFrom] as Scored).correct[j] as Uint8Array);
  const test = (pairs: H1Pair[], label: string, staticSlice: string, inducedSlice: string, extra?: string): TestReport => ({
    ...h1Test(pairs, { nBoot: c.nBoot, seed: c.baseSeed, delta: c.h1Delta, label, pool, ...(extra ? { note: extra } : {}) }),
    static_slice: staticSlice,
    induced_slice: inducedSlice,
  });
  const vsStatic = (side: Side) => perSeed.map((p) => ({ ...p.static, induced: p[side] }));
  const between = (base: "unstructured" | "blind", side: "induced" | "unstructured") => perSeed.map((p) => ({ static: p[base], induced: p[side] }));
  return {
    h1: test(vsStatic("induced"), "the induced benchmark", induceFrom, "induced", note),
    h1_unstructured: test(vsStatic("unstructured"), "an induction without structure (all failures as one cluster)", induceFrom, "unstructured"),
    structure_effect: test(
      between("unstructured", "induced"),
      "the structured induction",
      "unstructured",
      "induced",
      "Here the baseline is the unstructured induction at equal budget: supported means the clusters M̂ mattered.",
    ),
    h1_blind: test(
      vsStatic("blind"),
      "the failure-blind control (the same generator given every induction item, failed or not)",
      induceFrom,
      "blind",
      "Supported here means fresh items from the generator's design space beat the static ones without any failure information: a gain over static that the failures cannot claim.",
    ),
    failure_effect: test(
      between("blind", "induced"),
      "the induced benchmark",
      "blind",
      "induced",
      "Here the baseline is the failure-blind control at equal budget: supported means the failures mattered.",
    ),
    mass_effect: test(
      between("blind", "unstructured"),
      "the unstructured induction",
      "blind",
      "unstructured",
      "Here the baseline is the failure-blind control: supported means where the failures fall (their mass over the design space, without clusters) mattered.",
    ),
  };
}

/** H2 in the harness: induced against static, and the failure-blind slice against the same static one (the null beside it). */
function h2Verdicts(c: HarnessCoreInput, recovery: SeedTally["recovery"]): Pick<HarnessCoreResult, "h2_induced" | "h2_blind"> {
  const h2_induced = h2Slices(
    recovery.map((r) => ({ seed: r.seed, static: r.static, induced: r.induced })),
    { nBoot: c.nBoot, seed: c.baseSeed },
  );
  const h2_blind = h2Slices(
    recovery.map((r) => ({ seed: r.seed, static: r.static, induced: r.blind })),
    { nBoot: c.nBoot, seed: deriveSeed(c.baseSeed, "h2/blind"), label: { static: "static", induced: "failure-blind" } },
  );
  if (h2_blind.verdict === "supported" && h2_induced.verdict === "supported")
    h2_induced.reasoning += ` The failure-blind slice beats static on this statistic too (${h2_blind.diff_mean >= 0 ? "+" : ""}${h2_blind.diff_mean.toFixed(3)} [${h2_blind.ci.lo.toFixed(3)}, ${h2_blind.ci.hi.toFixed(3)}]): the generator's own design space recovers structure_id more faithfully, so a gain over static is not credited to the failures unless it also exceeds that.`;
  c.onMetric?.("h2_induced/diff_mean", { value: Number.isFinite(h2_induced.diff_mean) ? h2_induced.diff_mean : null, ci: h2_induced.ci, verdict: h2_induced.verdict });
  return { h2_induced, h2_blind };
}

/** Indices of the models that answered at least one item of the slice (a model that answered nothing cannot be ranked). */
function h1Models(models: readonly string[], sc: Scored): number[] {
  return models.map((_, j) => j).filter((j) => (sc.answered[j] as Uint8Array).some((a) => a === 1));
}

/** The positions among `idx` that every one of `rows` answered. */
function answeredBy(sc: Scored, idx: readonly number[], rows: readonly number[]): number[] {
  return idx.filter((i) => rows.every((j) => (sc.answered[j] as Uint8Array)[i] === 1));
}

/** A size a run asks for: a positive integer within EXPERIMENT_LIMITS, else USAGE naming it. */
export function checkCount(field: keyof typeof EXPERIMENT_LIMITS, v: number): void {
  const max = EXPERIMENT_LIMITS[field];
  if (!Number.isInteger(v) || v < 1 || v > max) throw new FibError("USAGE", `${field.replace("_", "-")} must be an integer from 1 to ${max}, got ${v}`, { field });
}

/** Validated inputs of a harness run: the canonical config, the slices read, the budget checked against the scoring split. */
export async function prepareHarness(o: HarnessOptions): Promise<{ config: HarnessConfigT; sliceItems: Record<string, Item[]>; induceFrom: string | null; fraction: number }> {
  // sizes first: the canonical config lists every seed, and n_seeds = 1e9 must not be allocated to be refused
  checkCount("budget", o.budget);
  checkCount("n_seeds", o.nSeeds);
  if (Object.keys(o.slices).length === 0) throw new FibError("USAGE", "give at least one --slice NAME=PATH");
  // validated once; every value below is read from the typed config
  const config = parseConfig(HarnessConfig, harnessConfigFrom(o), { code: "USAGE" });
  const sliceItems: Record<string, Item[]> = {};
  for (const [name, path] of Object.entries(o.slices)) sliceItems[name] = await readItems(path);
  const induceFrom = config.induce_from;
  if (induceFrom !== null && !sliceItems[induceFrom]) throw new FibError("USAGE", `--induce-from names no slice: ${induceFrom}`, { field: "induce_from" });
  const fraction = config.induction_fraction ?? D.induction_fraction;
  if (induceFrom !== null) {
    const n = (sliceItems[induceFrom] as Item[]).length;
    if (n < 2) throw new FibError("INPUT_INVALID", `slice '${induceFrom}' has ${n} item(s): an induction split and a scoring split need at least 2`, { file: o.slices[induceFrom] as string });
    const scoring = n - inductionSize(n, fraction);
    if (o.budget > scoring) {
      throw new FibError(
        "USAGE",
        `budget ${o.budget} is more than the ${scoring} items of the scoring split of '${induceFrom}' (${n} items, induction fraction ${fraction}): the static and induced slices would not have equal budgets`,
        { field: "budget" },
      );
    }
  }
  return { config, sliceItems, induceFrom, fraction };
}
