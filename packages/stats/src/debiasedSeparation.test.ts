import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng, debiasedSeparation, modelSeparation } from "./index.js";

/** Every outcome of an m × n Bernoulli matrix with probabilities p[j][i], with its probability. */
function* outcomes(p: number[][]): Generator<{ x: Uint8Array[]; w: number }> {
  const m = p.length;
  const n = (p[0] as number[]).length;
  const cells = m * n;
  for (let mask = 0; mask < 2 ** cells; mask++) {
    const x = p.map(() => new Uint8Array(n));
    let w = 1;
    for (let c = 0; c < cells; c++) {
      const j = Math.floor(c / n);
      const i = c % n;
      const bit = (mask >> c) & 1;
      (x[j] as Uint8Array)[i] = bit;
      const pj = (p[j] as number[])[i] as number;
      w *= bit ? pj : 1 - pj;
    }
    yield { x, w };
  }
}

const probArb = fc.double({ min: 0, max: 1, noNaN: true });

describe("debiasedSeparation", () => {
  it("S is modelSeparation of the observed accuracies", () => {
    const x = [Uint8Array.from([1, 1, 0, 1]), Uint8Array.from([0, 1, 0, 0]), Uint8Array.from([1, 1, 1, 1])];
    const d = debiasedSeparation(x);
    expect(d.S).toBeCloseTo(modelSeparation([0.75, 0.25, 1]), 14);
    // noise floor: q = (2/3, 1, 1/3, 2/3) → Σ q(1−q) = 2/9 + 0 + 2/9 + 2/9, / n²
    expect(d.noise_floor_S2).toBeCloseTo(6 / 9 / 16, 14);
    expect(d.S2_debiased).toBeCloseTo(d.S ** 2 - 6 / 9 / 16, 14);
  });

  it("the floor is the mean of S² over every within-item permutation of the answers (brute force)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }), (m, n, bits) => {
        const x = Array.from({ length: m }, (_, j) => Uint8Array.from({ length: n }, (_, i) => Number(bits[j * n + i])));
        // all m!^n ways of dealing each item's answers to the models
        const perms = (k: number): number[][] => (k === 1 ? [[0]] : perms(k - 1).flatMap((p) => Array.from({ length: k }, (_, pos) => [...p.slice(0, pos), k - 1, ...p.slice(pos)])));
        const P = perms(m);
        let total = 0;
        let count = 0;
        const rec = (i: number, chosen: number[][]) => {
          if (i === n) {
            const y = x.map((_, j) => Uint8Array.from({ length: n }, (_, t) => (x[(chosen[t] as number[])[j] as number] as Uint8Array)[t] as number));
            total += debiasedSeparation(y).S ** 2;
            count++;
            return;
          }
          for (const p of P) rec(i + 1, [...chosen, p]);
        };
        rec(0, []);
        expect(debiasedSeparation(x).noise_floor_S2).toBeCloseTo(total / count, 12);
      }),
      { numRuns: 60 },
    );
  });

  it("E[V̂] = 0 exactly when every model has the same per-item probabilities (exact enumeration)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3 }), fc.array(probArb, { minLength: 3, maxLength: 3 }), (m, pItems) => {
        const p = Array.from({ length: m }, () => pItems);
        let e = 0;
        for (const { x, w } of outcomes(p)) e += w * debiasedSeparation(x).S2_debiased;
        expect(Math.abs(e)).toBeLessThan(1e-12);
      }),
      { numRuns: 80 },
    );
  });

  it("in general E[V̂] = Var_j(P_j) − (1/n²) Σ_i Var_j(p_ji): never above the true between-model variance", () => {
    fc.assert(
      fc.property(fc.array(probArb, { minLength: 6, maxLength: 6 }), (flat) => {
        const m = 3;
        const n = 2;
        const p = Array.from({ length: m }, (_, j) => flat.slice(j * n, (j + 1) * n));
        let e = 0;
        for (const { x, w } of outcomes(p)) e += w * debiasedSeparation(x).S2_debiased;
        const P = p.map((row) => row.reduce((a, b) => a + b, 0) / n);
        const varOf = (xs: number[]) => {
          const mu = xs.reduce((a, b) => a + b, 0) / xs.length;
          return xs.reduce((a, b) => a + (b - mu) ** 2, 0) / xs.length;
        };
        let within = 0;
        for (let i = 0; i < n; i++) within += varOf(p.map((row) => row[i] as number));
        expect(e).toBeCloseTo(varOf(P) - within / (n * n), 12);
        expect(e).toBeLessThanOrEqual(varOf(P) + 1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it("raw S has a floor that rises toward 50 % accuracy; V̂ does not (seeded Monte Carlo, 6 equal models)", () => {
    const rng = createRng(7, "floor");
    const sim = (p: number) => {
      let s2 = 0;
      let v = 0;
      const R = 400;
      for (let r = 0; r < R; r++) {
        const x = Array.from({ length: 6 }, () => Uint8Array.from({ length: 200 }, () => Number(rng.float() < p)));
        const d = debiasedSeparation(x);
        s2 += d.S ** 2;
        v += d.S2_debiased;
      }
      return { s2: s2 / R, v: v / R };
    };
    const a = sim(0.95);
    const b = sim(0.5);
    expect(b.s2).toBeGreaterThan(4 * a.s2); // 0.25 vs 0.0475, times 5/6 / 200
    expect(Math.abs(a.v)).toBeLessThan(2e-4);
    expect(Math.abs(b.v)).toBeLessThan(5e-4);
  });

  it("selects items with repetition; NaN without items or models", () => {
    const x = [Uint8Array.from([1, 0]), Uint8Array.from([0, 0])];
    expect(debiasedSeparation(x, [0, 0, 1]).S).toBeCloseTo(modelSeparation([2 / 3, 0]), 14);
    expect(debiasedSeparation([]).S).toBeNaN();
    expect(debiasedSeparation(x, []).S2_debiased).toBeNaN();
  });
});
