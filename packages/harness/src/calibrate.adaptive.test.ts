import fc from "fast-check";
import { clopperPearson } from "@fib/stats";
import { describe, expect, it } from "vitest";
import { calibrationFixture } from "./_calibrateFixture.js";
import { decidedAt, expectedStop, MAX_FP_UPPER, MIN_ADAPTIVE_REPS, POWER_TARGET } from "./experiments/calibrate.js";
import { runCalibrate } from "./index.js";

describe("sequential stop (fib calibrate without --fixed-reps)", () => {
  it("decidedAt: never before the minimum; a null is decided exactly when its interval clears 10 % or lies above 5 %, a power when it clears 80 %", () => {
    expect(decidedAt("null", 0, MIN_ADAPTIVE_REPS - 1)).toBe(false);
    expect(decidedAt("null", 0, 36)).toBe(true); // 0 of 36: upper bound 9.7 %
    expect(decidedAt("null", 0, 30)).toBe(false); // 0 of 30: 11.6 %
    expect(decidedAt("power", 30, 30)).toBe(true);
    expect(decidedAt("power", 20, 30)).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: MIN_ADAPTIVE_REPS, max: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
        const k = Math.round(share * n);
        const ci = clopperPearson(k, n);
        expect(decidedAt("null", k, n)).toBe(ci.hi <= MAX_FP_UPPER || ci.lo > 0.05);
        expect(decidedAt("power", k, n)).toBe(ci.lo >= POWER_TARGET || ci.hi < POWER_TARGET);
      }),
    );
  });

  it("expectedStop (the ETA's end): the first count where the interval would be decided at the rate seen, never before the replications done", () => {
    expect(expectedStop("null", 0, 5, 100)).toBe(36); // 0 of 36: the upper bound first ≤ 10 %
    expect(expectedStop("power", 0, 3, 100)).toBe(MIN_ADAPTIVE_REPS);
    expect(expectedStop("null", 0, 5, 20)).toBe(20); // never decided within the cap
    fc.assert(
      fc.property(
        fc.constantFrom("null" as const, "power" as const),
        fc.integer({ min: 1, max: 120 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        (kind, reps, share, max) => {
          const hits = Math.round(share * reps);
          const at = expectedStop(kind, hits, reps, max);
          expect(at).toBeGreaterThanOrEqual(Math.min(max, Math.max(reps, MIN_ADAPTIVE_REPS)));
          if (at < max) expect(decidedAt(kind, Math.round((hits / reps) * at), at)).toBe(true);
          for (let n = Math.max(reps, MIN_ADAPTIVE_REPS); n < Math.min(at, max); n++) expect(decidedAt(kind, Math.round((hits / reps) * n), n)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a population stops once decided, and the report says so (the other calibration files run without it: every replication)", async () => {
    const { report } = await runCalibrate({ ...calibrationFixture("adaptive"), reps: 40, h2Reps: 0, populations: ["power"], adaptive: true });
    expect(report.adaptive).toBe(true);
    const n = report.power.reps;
    expect(n).toBeGreaterThanOrEqual(MIN_ADAPTIVE_REPS);
    expect(decidedAt("power", report.power.supported, n)).toBe(true);
    if (n < 40) expect(report.reasoning).toMatch(new RegExp(`Sequential stop: power after ${n} replications`));
    // not decided one replication earlier (else it would have stopped there)
    if (n > MIN_ADAPTIVE_REPS) expect(decidedAt("power", report.power.supported - 1, n - 1) && decidedAt("power", report.power.supported, n - 1)).toBe(false);
  }, 90_000);
});
