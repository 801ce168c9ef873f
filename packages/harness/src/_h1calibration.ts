import { createRng, type Rng } from "@fib/stats";
import { type CorrectnessMatrix, h1Test } from "./stats/h1.js";

/**
 * Test helper for the H1 calibration files (not exported by the package). H1's calibration on populations whose truth is known. Negative control: every model has the
 * same per-item probability of being right (equal capability), while the items' difficulty
 * moves between the static and the induced slice (0.85 → 0.6, 0.95 → 0.5: the move that made
 * raw S say "supported" for identical models). Positive control: a capability ladder that
 * differs only on hard items, which the induced slice concentrates on.
 */

/** m models, n items; item difficulty p_i ~ Beta-like spread around `meanP`; model j's probability from `cap(j, p_i)`. */
export function slice(rng: Rng, m: number, n: number, meanP: number, cap: (j: number, p: number, hard: boolean) => number, hardShare = 0): Uint8Array[] {
  const rows = Array.from({ length: m }, () => new Uint8Array(n));
  for (let i = 0; i < n; i++) {
    const hard = rng.float() < hardShare;
    // per-item heterogeneity: a logit-normal spread around meanP
    const z = Math.log(meanP / (1 - meanP)) + 1.2 * (rng.float() + rng.float() + rng.float() - 1.5);
    const p = 1 / (1 + Math.exp(-z));
    for (let j = 0; j < m; j++) (rows[j] as Uint8Array)[i] = rng.float() < cap(j, p, hard) ? 1 : 0;
  }
  return rows;
}

export function rate(
  reps: number,
  make: (rng: Rng) => { static: CorrectnessMatrix; induced: CorrectnessMatrix }[],
  nBoot = 200,
  method?: "seeds" | "two-level",
  verdict = "supported",
): { supported: number; reps: number } {
  let supported = 0;
  for (let r = 0; r < reps; r++) {
    const rng = createRng(r, "h1-calibration");
    if (h1Test(make(rng), { nBoot, seed: r, ...(method ? { method } : {}) }).verdict === verdict) supported++;
  }
  if (process.env.FIB_CALIBRATION_VERBOSE) console.log(`supported ${supported}/${reps}`);
  return { supported, reps };
}

export const equal = (_j: number, p: number) => p;
