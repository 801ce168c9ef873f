import { generateCarb } from "@fib/carb";
import { discover, failureStructure, structureRecovery } from "@fib/clustering";
import { evaluate, extractFailures } from "@fib/failures";
import { type Predictor, simPredictor } from "@fib/models";
import type { Item } from "@fib/schemas";
import { h2Verdict } from "./stats/verdicts.js";

/**
 * Test helper for the H2 calibration files (not exported by the package): H2 against the null that removes the failure information. Negative control: models whose every
 * answer is a coin flip (sim skill −50) — their failures fall on every template alike, so their
 * clusters still recover the templates φ reads and beat both label nulls; the verdict must not
 * say the failures are structured. Positive control: the five planted specialists.
 */
export async function h2Of(models: Predictor[], items: Item[], seed: number, k: number | "auto" = "auto") {
  const records = await evaluate(models, items);
  const failures = extractFailures(records, items);
  const d = discover(failures, { seed, k, models: models.map((m) => m.id) });
  const evaluated = new Map(models.map((m) => [m.id, items]));
  const structure = failureStructure(d, failures, evaluated, { seed, nullReps: 19, models: models.map((m) => m.id) });
  const h2 = structureRecovery(
    d.labels,
    failures.map((f) => f.item.structure_id as string),
    { nBoot: 50, nPerm: 100, seed, groups: failures.map((f) => f.item_id), strata: failures.map((f) => f.item.type) },
  );
  if (!h2) throw new Error("no structure recovery");
  return { structure, ...h2Verdict(h2, structure) };
}

/** Coin-flip runs `from` … `to − 1`: how many were called structured, and recovered beyond type. */
export async function coinFlipRuns(from: number, to: number): Promise<{ structured: number; beyond: number; runs: number }> {
  let structured = 0;
  let beyond = 0;
  for (let r = from; r < to; r++) {
    const items = generateCarb({ n: 200, seed: 1000 + r });
    const coins = [0, 1].map((j) => simPredictor(`coin-${j}`, { skill: -50 }, r * 10 + j));
    // k fixed at 4: the null re-runs the pipeline as the observed ran, so a fixed k and "auto" are calibrated alike; fixed is cheaper
    const res = await h2Of(coins, items, r, 4);
    if (res.structure.structured) structured++;
    if (res.verdict === "recovered beyond type") beyond++;
  }
  if (process.env.FIB_CALIBRATION_VERBOSE) console.log(`coin flips ${from}–${to - 1}: structured ${structured}, beyond type ${beyond}`);
  return { structured, beyond, runs: to - from };
}
