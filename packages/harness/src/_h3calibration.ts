import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import type { Generator } from "@fib/induce";
import { encodeJsonl } from "@fib/schemas";
import { createRng, shuffle } from "@fib/stats";
import { h3Controls } from "./experiments/calibrateH3.js";
import type { IterateReport, UpdateRule } from "./experiments/runIterate.js";
import { runIterate } from "./experiments/runIterate.js";

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

// the controls fib calibrate uses (calibrateH3), over the pool half
// (the drift moves toward counterfactual items, where the sims' weaknesses differ most)
export const { stationary, shifting, gradual } = h3Controls(pool, { driftType: "counterfactual" });

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
