import { clopperPearson, type Rng } from "@fib/stats";
import { describe, expect, it } from "vitest";
import { equal, rate, slice } from "./_h1calibration.js";

describe("H1 calibration (seeded; ≥ 200 replications each), part 2", () => {
  it("negative control: six equally capable models, accuracy 0.7 → 0.7: supported rarely", async () => {
    const r = await rate(200, (rng) => Array.from({ length: 10 }, () => ({ static: slice(rng, 6, 200, 0.7, equal), induced: slice(rng, 6, 200, 0.7, equal) })));
    expect(clopperPearson(r.supported, r.reps).lo, `supported in ${r.supported}/${r.reps}`).toBeLessThanOrEqual(0.05);
    expect(r.supported / r.reps).toBeLessThanOrEqual(0.08);
  }, 90_000);

  it("negative control with few seeds (2) and a small budget (60)", async () => {
    const r = await rate(200, (rng) => Array.from({ length: 2 }, () => ({ static: slice(rng, 5, 60, 0.9, equal), induced: slice(rng, 5, 60, 0.55, equal) })));
    expect(clopperPearson(r.supported, r.reps).lo, `supported in ${r.supported}/${r.reps}`).toBeLessThanOrEqual(0.05);
  });

  it("positive control: a ladder that differs only on hard items, which induction concentrates: supported ≥ 90 %", async () => {
    // five models: right on easy items with p 0.95; on hard items 0.5 + 0.1·j
    const ladder = (j: number, _p: number, hard: boolean) => (hard ? 0.5 + 0.1 * j : 0.95);
    const r = await rate(200, (rng: Rng) => Array.from({ length: 10 }, () => ({ static: slice(rng, 5, 200, 0.9, ladder, 0.15), induced: slice(rng, 5, 200, 0.9, ladder, 0.8) })));
    expect(r.supported / r.reps, `supported in ${r.supported}/${r.reps}`).toBeGreaterThanOrEqual(0.9);
  }, 90_000);
});
