import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { defineGenerator, type Generator } from "@fib/induce";
import { encodeJsonl, type Item, textKey } from "@fib/schemas";
import { createRng, sampleIndices, shuffle } from "@fib/stats";
import { describe, expect, it } from "vitest";
import { runIterate } from "./index.js";

/**
 * H3's calibration. A stationary loop — every round an independent draw from the distribution
 * round 0 came from, whatever the failures — must converge; a loop whose generator moves the
 * type mix every round must not. The source and the generator's pool are disjoint halves of one
 * CARB draw, so "the same distribution" holds by construction.
 */
const work = mkdtempSync(join(tmpdir(), "fib-h3-"));
const all = generateCarb({ n: 6000, seed: 7 });
const mixed = shuffle(all, createRng(3, "h3/split"));
const source = join(work, "source.jsonl");
writeFileSync(source, encodeJsonl(mixed.slice(0, 1000)));
const pool = mixed.slice(1000);

/** Items from the pool, never one excluded: the round's draw decides which (ctx.seed). */
function draw(from: readonly Item[], n: number, seed: number, exclude: Iterable<string> | undefined): Item[] {
  const avoid = new Set([...(exclude ?? [])].map(textKey));
  const out: Item[] = [];
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

const stationary: Generator = defineGenerator({
  name: "test-stationary",
  version: "1",
  generate: (_profiles, ctx) => draw(pool, ctx.budget, ctx.seed, ctx.exclude?.texts),
});

const TYPES = ["compositional", "distractor", "logic_mix", "counterfactual"] as const;
const shifting: Generator = defineGenerator({
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

const MODELS = ["sim:novice", "sim:intermediate", "sim:expert", "sim:shallow"];

async function converges(generator: Generator, seed: number): Promise<boolean> {
  const { report } = await runIterate({
    dataset: source,
    rounds: 4,
    update: "substitute",
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
  return report.converged_at !== null;
}

describe("H3 calibration (seeded)", () => {
  it("a stationary loop converges within 4 rounds in ≥ 90 % of seeds", async () => {
    let yes = 0;
    const n = 30;
    for (let s = 0; s < n; s++) if (await converges(stationary, s)) yes++;
    if (process.env.FIB_CALIBRATION_VERBOSE) console.log(`stationary converged ${yes}/${n}`);
    expect(yes / n).toBeGreaterThanOrEqual(0.9);
  }, 300_000);
  it("a loop whose generator moves the type mix every round does not converge", async () => {
    let yes = 0;
    const n = 10;
    for (let s = 0; s < n; s++) if (await converges(shifting, s)) yes++;
    if (process.env.FIB_CALIBRATION_VERBOSE) console.log(`shifting converged ${yes}/${n}`);
    expect(yes).toBeLessThanOrEqual(1);
  }, 300_000);
});
