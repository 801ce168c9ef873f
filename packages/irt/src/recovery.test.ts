import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateAbilities, fitIrt } from "./index.js";
import { pearson, simulate2pl, spearman } from "./_internal/simulate.js";

// Parameter recovery on simulated 2PL populations (θ ~ N(0, 1), a ~ LogNormal(0, 0.5), b ~ N(0, 1)).
describe("2PL recovers simulated parameters", () => {
  it("2,000 persons × 50 items: difficulty r ≥ 0.95, discrimination r ≥ 0.9", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const s = simulate2pl(2000, 50, seed);
        const fit = fitIrt(s.m, { model: "2pl" });
        expect(
          pearson(
            s.b,
            fit.items.map((it) => -it.c / it.a),
          ),
        ).toBeGreaterThanOrEqual(0.95);
        expect(
          pearson(
            s.a,
            fit.items.map((it) => it.a),
          ),
        ).toBeGreaterThanOrEqual(0.9);
      }),
      { numRuns: 2, seed: 20261207 },
    );
  });

  // Each item has 50 answers: an oracle that knows the true θ reaches difficulty rank r 0.88–0.89 and
  // discrimination r 0.71–0.73 here (fixtures/oracle_bound.py), so r ≥ 0.95 / 0.9 is beyond any estimator.
  it("50 models × 2,000 items: abilities r ≥ 0.99; items as well as 50 answers each allow (difficulty rank r ≥ 0.85, discrimination r ≥ 0.6)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const s = simulate2pl(50, 2000, seed);
        const fit = fitIrt(s.m, { model: "2pl" });
        const ab = estimateAbilities(fit.items, s.m);
        const rT = pearson(
          s.theta,
          ab.map((x) => x.theta),
        );
        const rB = spearman(
          s.b,
          fit.items.map((it) => -it.c / it.a),
        );
        const rA = pearson(
          s.a,
          fit.items.map((it) => it.a),
        );
        if (process.env.FIB_CALIBRATION_VERBOSE) console.log(`seed ${seed}: θ r ${rT.toFixed(4)}, b rank r ${rB.toFixed(3)}, a r ${rA.toFixed(3)}`);
        expect(rT).toBeGreaterThanOrEqual(0.99);
        expect(rB).toBeGreaterThanOrEqual(0.85);
        expect(rA).toBeGreaterThanOrEqual(0.6);
      }),
      { numRuns: 2, seed: 20261207 },
    );
  });

  it("Rasch on Rasch data, 500 persons × 30 items: difficulty r ≥ 0.98, the abilities' SD recovered within 0.15", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0.6, max: 1.8, noNaN: true }), (seed, sd) => {
        const s = simulate2pl(500, 30, seed, { sdLogA: 0, thetaSd: sd });
        const fit = fitIrt(s.m, { model: "rasch" });
        // on the N(0, 1) scale the shared slope is the abilities' SD; −c is the Rasch difficulty
        expect(
          pearson(
            s.b,
            fit.items.map((it) => -it.c),
          ),
        ).toBeGreaterThanOrEqual(0.98);
        expect(Math.abs((fit.items[0]?.a as number) - sd)).toBeLessThan(0.15);
      }),
      { numRuns: 3, seed: 7 },
    );
  });
});
