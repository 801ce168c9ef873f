import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineGenerator, type Generator } from "@fib/induce";
import { FibError, type Item, readItems, textKey, writeJsonl } from "@fib/schemas";
import { createRng, deriveSeed, sampleIndices, shuffle } from "@fib/stats";
import { calibrationLabel, MAX_FP_UPPER, rateEstimate } from "./calibrate.js";
import type { RateEstimate } from "./harnessTypes.js";
import { checkAborted } from "../run/withRun.js";

/** Items from `from` that repeat no excluded text, in the order the seed draws them; ids carry the seed. */
function draw(from: readonly Item[], n: number, seed: number, exclude: Iterable<string> | undefined): Item[] {
  const avoid = new Set([...(exclude ?? [])].map(textKey));
  const out: Item[] = [];
  if (n <= 0) return out;
  for (const i of sampleIndices(from.length, from.length, createRng(seed, "h3-controls/draw"))) {
    const it = from[i] as Item;
    const key = textKey(it.x);
    if (avoid.has(key)) continue;
    avoid.add(key);
    out.push({ ...it, id: `${it.id}_s${(seed >>> 0).toString(36)}` });
    if (out.length === n) break;
  }
  return out;
}

/** The pool ran out: say so plainly instead of returning a short round. */
function enough(items: Item[], budget: number, round: number): Item[] {
  if (items.length < budget) {
    throw new FibError(
      "USAGE",
      `H3 calibration: the control pool (half the dataset) has only ${items.length} unused items for round ${round}'s budget of ${budget}: use a larger dataset, a smaller --budget or fewer --rounds`,
      { field: "dataset" },
    );
  }
  return items;
}

/**
 * H3's controls, as generators over a pool of items from the distribution round 0 is drawn
 * from (they ignore the failures): `stationary` — every round an independent draw from the pool
 * (the loop should converge); `shifting` — every round items of one type only, a different type
 * each round (it must not); `gradual` — the share of one type (`driftType`, default the last in
 * sorted order) grows by 15 points a round from 25 % to 85 % (each step small, the sum large: it
 * must not either).
 */
export function h3Controls(pool: readonly Item[], opts: { driftType?: string } = {}): { stationary: Generator; shifting: Generator; gradual: Generator } {
  const types = [...new Set(pool.map((it) => it.type))].sort();
  const last = opts.driftType && types.includes(opts.driftType) ? opts.driftType : (types.at(-1) as string);
  const ofType = new Map(types.map((t) => [t, pool.filter((it) => it.type === t)]));
  const rest = pool.filter((it) => it.type !== last);
  return {
    stationary: defineGenerator({ name: "h3-control-stationary", version: "1", generate: (_p, ctx) => draw(pool, ctx.budget, ctx.seed, ctx.exclude?.texts) }),
    shifting: defineGenerator({
      name: "h3-control-shifting",
      version: "1",
      // one type a round; when that type runs short, the next types in turn (still a different mix each round)
      generate: (_p, ctx) => {
        const out: Item[] = [];
        for (let t = 0; t < types.length && out.length < ctx.budget; t++) {
          const type = types[(ctx.round + t) % types.length] as string;
          out.push(...draw(ofType.get(type) ?? [], ctx.budget - out.length, ctx.seed + t, [...(ctx.exclude?.texts ?? []), ...out.map((it) => it.x)]));
        }
        return enough(out, ctx.budget, ctx.round);
      },
    }),
    gradual: defineGenerator({
      name: "h3-control-gradual",
      version: "1",
      generate: (_p, ctx) => {
        const rng = createRng(ctx.seed, "h3-controls/gradual");
        const share = Math.min(0.85, 0.25 + 0.15 * ctx.round);
        let n = 0;
        for (let i = 0; i < ctx.budget; i++) if (rng.float() < share) n++;
        const a = draw(ofType.get(last) ?? [], n, ctx.seed, ctx.exclude?.texts);
        const b = draw(rest, ctx.budget - a.length, ctx.seed + 1, [...(ctx.exclude?.texts ?? []), ...a.map((it) => it.x)]);
        return enough([...a, ...b], ctx.budget, ctx.round);
      },
    }),
  };
}

export interface H3CalibrationBlock {
  reps: number;
  stated_size: number;
  /** H3 false: the type mix moves every round; converged (a declaration standing at the last round) */
  false_positive_shifting: RateEstimate & { population: string };
  /** H3 false: a slow drift of the type mix */
  false_positive_gradual: RateEstimate & { population: string };
  /** H3 true: every round an independent draw from round 0's distribution */
  power_stationary: RateEstimate & { population: string };
  verdict: "calibrated" | "too liberal" | "not enough replications";
  reps_needed: number | null;
  reasoning: string;
}

/** What calibrateH3 needs of `fib iterate`: its options (the dataset, models, rounds, update rule …) and a way to run one loop. */
export interface H3LoopOptions {
  dataset: string;
  seed?: number;
  signal?: AbortSignal;
  [option: string]: unknown;
}
export type RunLoop = (o: H3LoopOptions & { generator: string; generators: Generator[]; reportsRoot: string; label: string }) => Promise<{ report: { converged_at: number | null } }>;

/** The calibration block from the counts of converged loops: rates with their intervals, the label, and the reasoning. */
function h3Block(reps: number, counts: Record<"shifting" | "gradual" | "stationary", number>): H3CalibrationBlock {
  const shifting = rateEstimate(counts.shifting, reps);
  const gradual = rateEstimate(counts.gradual, reps);
  const stationary = rateEstimate(counts.stationary, reps);
  const nulls: [string, RateEstimate][] = [
    ["a type mix that moves every round", shifting],
    ["a slow drift (+15 points of one type a round)", gradual],
  ];
  const { verdict, reps_needed, liberal } = calibrationLabel(nulls);
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const line = (name: string, r: RateEstimate) => `${name}: converged ${r.supported} of ${r.reps} (${pct(r.rate)}, 95% CI ${pct(r.lo)}–${pct(r.hi)})`;
  const reasoning =
    `False positives (stated size 5 %) — ${nulls.map(([n, r]) => line(n, r)).join("; ")}. Power — ${line("every round an independent draw from round 0's distribution", stationary)}. ` +
    (verdict === "calibrated"
      ? `Every false-positive interval lies at or below ${pct(MAX_FP_UPPER)}.`
      : verdict === "too liberal"
        ? `The loop converges under ${liberal.join(", ")} more often than the stated size: do not quote a converged verdict from this configuration.`
        : `Not enough replications to call it calibrated; ${reps_needed ? `about ${reps_needed} would do at the rate seen` : "at the rate seen, none would"}.`);
  return {
    reps,
    stated_size: 0.05,
    false_positive_shifting: { ...shifting, population: "generator drawing one type a round, a different one each round" },
    false_positive_gradual: { ...gradual, population: "generator whose share of one type grows 25 % → 85 %, 15 points a round" },
    power_stationary: { ...stationary, population: "generator drawing every round from round 0's distribution" },
    verdict,
    reps_needed,
    reasoning,
  };
}

/**
 * H3's calibration for an iterate configuration: the dataset is split in two halves (seeded),
 * one the loop starts from and one the controls draw from, and `reps` loops of each control run
 * with the configuration's models, rounds, update rule, budget and k (seeds change per
 * replication); counted, how often each ends converged. The label rule is `fib calibrate`'s: a
 * label only when every false-positive interval's upper bound is ≤ 10 %.
 */
export async function calibrateH3(
  o: H3LoopOptions,
  reps: number,
  runLoop: RunLoop,
  onRep?: (kind: "shifting" | "gradual" | "stationary", rep: number, converged: boolean) => void,
): Promise<H3CalibrationBlock> {
  const items = await readItems(o.dataset);
  const mixed = shuffle(items, createRng(deriveSeed(o.seed ?? 0, "calibrate-h3/split")));
  const half = Math.floor(mixed.length / 2);
  const work = mkdtempSync(join(tmpdir(), "fib-calibrate-h3-"));
  try {
    const source = join(work, "source.jsonl");
    await writeJsonl(source, mixed.slice(0, half));
    const controls = h3Controls(mixed.slice(half));
    const counts = { shifting: 0, gradual: 0, stationary: 0 };
    for (const kind of ["shifting", "gradual", "stationary"] as const) {
      for (let rep = 0; rep < reps; rep++) {
        checkAborted(o.signal);
        const gen = controls[kind];
        const { onProgress: _quiet, calibrate: _none, prereg: _unlocked, ...rest } = o;
        const { report } = await runLoop({
          ...rest,
          dataset: source,
          seed: deriveSeed(o.seed ?? 0, `calibrate-h3/${kind}/${rep}`),
          generator: gen.name,
          generators: [gen],
          reportsRoot: join(work, "reports"),
          label: `calibrate-h3-${kind}`,
        });
        if (report.converged_at !== null) counts[kind]++;
        onRep?.(kind, rep, report.converged_at !== null);
      }
    }
    return h3Block(reps, counts);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
