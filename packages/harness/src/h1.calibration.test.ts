import { clopperPearson } from "@fib/stats";
import { describe, expect, it } from "vitest";
import { equal, rate, slice } from "./_h1calibration.js";

describe("H1 calibration (seeded; ≥ 200 replications each), part 1: equal capability while difficulty moves", () => {
  // The stated rate is 5 %. With 200 replications a true rate of 5 % exceeds 10/200 about
  // half the time, so each control asserts the Clopper–Pearson 95 % interval's lower bound
  // is ≤ 5 %: a test that fails only when the rate is credibly above the nominal size.
  for (const [from, to] of [
    [0.85, 0.6],
    [0.95, 0.5],
  ] as const) {
    it(`negative control: six equally capable models, accuracy ${from} → ${to}: supported rarely`, async () => {
      const r = await rate(200, (rng) => Array.from({ length: 10 }, () => ({ static: slice(rng, 6, 200, from, equal), induced: slice(rng, 6, 200, to, equal) })));
      const ci = clopperPearson(r.supported, r.reps);
      expect(ci.lo, `supported in ${r.supported}/${r.reps}`).toBeLessThanOrEqual(0.05);
      expect(r.supported / r.reps).toBeLessThanOrEqual(0.08);
    }, 90_000);
  }
});
