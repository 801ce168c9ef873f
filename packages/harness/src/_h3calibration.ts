import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { defineGenerator, type Generator } from "@fib/induce";
import { encodeJsonl, type Item, textKey } from "@fib/schemas";
import { createRng, sampleIndices, shuffle } from "@fib/stats";
import type { IterateReport, UpdateRule } from "./runIterate.js";
import { runIterate } from "./runIterate.js";

/**
 * Test helper for the H3 calibration files (not exported by the package). A stationary loop — every round an independent draw from the distribution
 * round 0 came from, whatever the failures — must converge; a loop whose generator moves the
 * type mix every round must not. The source and the generator's pool are disjoint halves of one
 * CARB draw, so "the same distribution" holds by construction.
 */
const work = mkdtempSync(join(tmpdir(), "fib-h3-"));
const all = generateCarb({ n: 6000, seed: 7 });
const mixed = shuffle(all, createRng(3, "h3/split"));
export const source = join(work, "source.jsonl");
writeFileSync(source, encodeJsonl(mixed.slice(0, 1000)));
const pool = mixed.slice(1000);

/** Items from the pool, never one excluded: the round's draw decides which (ctx.seed). */
function draw(from: readonly Item[], n: number, seed: number, exclude: Iterable<string> | undefined): Item[] {
  const avoid = new Set([...(exclude ?? [])].map(textKey));
  const out: Item[] = [];
  if (n <= 0) return out;
  for (const i of sampleIndices(from.length, from.length, createRng(seed, "h3/draw"))) {
    const it = from[i] as Item;
    const key = textKey(it.x);
    if (avoid.has(key)) continue;
    avoid.add(key);
    out.push({ ...it, id: `${it.id}_s${seed}` });
    if (out.length === n) break;
  }
  return out;
}

export const stationary: Generator = defineGenerator({
  name: "test-stationary",
  version: "1",
  generate: (_profiles, ctx) => draw(pool, ctx.budget, ctx.seed, ctx.exclude?.texts),
});

const TYPES = ["compositional", "distractor", "logic_mix", "counterfactual"] as const;
export const shifting: Generator = defineGenerator({
  name: "test-shifting",
  version: "1",
  // round r draws only items of one type, a different one each round
  generate: (_profiles, ctx) =>
    draw(
      pool.filter((it) => it.type === TYPES[ctx.round % TYPES.length]),
      ctx.budget,
      ctx.seed,
      ctx.exclude?.texts,
    ),
});

/**
 * A slow drift: round r draws counterfactual items with probability min(0.85, 0.25 + 0.15 r) and
 * the other types evenly otherwise — each step small, the sum large (the "+15 points a
 * round" case, which converged at round 2 and then left the band unnoticed).
 */
export const gradual: Generator = defineGenerator({
  name: "test-gradual",
  version: "1",
  generate: (_profiles, ctx) => {
    const rng = createRng(ctx.seed, "h3/gradual");
    const share = Math.min(0.85, 0.25 + 0.15 * ctx.round);
    const cf = pool.filter((it) => it.type === "counterfactual");
    const other = pool.filter((it) => it.type !== "counterfactual");
    let nCf = 0;
    for (let i = 0; i < ctx.budget; i++) if (rng.float() < share) nCf++;
    const a = draw(cf, nCf, ctx.seed, ctx.exclude?.texts);
    const b = draw(other, ctx.budget - a.length, ctx.seed + 1, [...(ctx.exclude?.texts ?? []), ...a.map((it) => it.x)]);
    return [...a, ...b];
  },
});

const MODELS = ["sim:novice", "sim:intermediate", "sim:expert", "sim:shallow"];

/** The iterate report of a loop with this generator and update rule. */
export async function loop(generator: Generator, seed: number, update: UpdateRule = "substitute", rounds = 4): Promise<IterateReport> {
  const { report } = await runIterate({
    dataset: source,
    rounds,
    update,
    budget: 200,
    seed,
    nBoot: 50,
    models: MODELS,
    k: 4,
    generator: generator.name,
    generators: [generator],
    reportsRoot: join(work, "reports"),
    cacheDir: null,
    bandReps: 40,
  });
  return report;
}

/** How many of `seeds` converge (a declaration standing at the last round), and how many declarations a slow drift revoked. */
export async function convergedCounts(generator: Generator, seeds: readonly number[], update: UpdateRule = "substitute", rounds = 4): Promise<{ converged: number; slowDrift: number }> {
  let converged = 0;
  let slowDrift = 0;
  for (const s of seeds) {
    const report = await loop(generator, s, update, rounds);
    if (report.converged_at !== null) converged++;
    slowDrift += report.stopping.declarations.filter((d) => d.reason?.startsWith("slow drift")).length;
  }
  if (process.env.FIB_CALIBRATION_VERBOSE) console.log(`${generator.name} ${update} ${rounds} rounds: converged ${converged}/${seeds.length}, revoked by slow drift ${slowDrift}`);
  return { converged, slowDrift };
}

/** How many of `seeds` converge. */
export async function convergedCount(generator: Generator, seeds: readonly number[], update: UpdateRule = "substitute", rounds = 4): Promise<number> {
  return (await convergedCounts(generator, seeds, update, rounds)).converged;
}

export const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
