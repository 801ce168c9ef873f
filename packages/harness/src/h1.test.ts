import { createRng } from "@fib/stats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { debiasedVarianceItemMajor, itemMajor } from "./stats/itemMajor.js";
import { creditedH1, debiasedVarianceOf, h1Test, rankingAgreement } from "./index.js";

/** A correctness matrix whose models have the given accuracies exactly, on n items (shuffled by seed). */
function slice(accs: number[], n: number, seed: number): Uint8Array[] {
  const rng = createRng(seed);
  return accs.map((a) => {
    const row = new Uint8Array(n);
    for (let i = 0; i < Math.round(a * n); i++) row[i] = 1;
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [row[i], row[j]] = [row[j] as number, row[i] as number];
    }
    return row;
  });
}

const seeds = (f: (s: number) => { static: Uint8Array[]; induced: Uint8Array[] }) => Array.from({ length: 8 }, (_, s) => f(s));
/** h1Test over 8 seeds of two slices whose models have these true accuracies, n items each */
const testOf = (staticAcc: number[], inducedAcc: number[], n: number) =>
  h1Test(
    seeds((s) => ({ static: slice(staticAcc, n, s), induced: slice(inducedAcc, n, s + 100) })),
    { nBoot: 400, seed: 1 },
  );

describe("H1 verdicts on constructed cases", () => {
  it("clearly better: the induced slice spreads the models, the static one does not → supported", () => {
    const r = testOf([0.6, 0.62, 0.64], [0.3, 0.6, 0.9], 200);
    expect(r.verdict).toBe("supported");
    expect(r.ci.lo).toBeGreaterThan(0);
    const per = seeds((s) => ({ static: slice([0.6, 0.62, 0.64], 200, s), induced: slice([0.3, 0.6, 0.9], 200, s + 100) }));
    expect(r.diff_mean).toBeCloseTo(per.reduce((a, s) => a + debiasedVarianceOf(s.induced) - debiasedVarianceOf(s.static), 0) / per.length, 12);
    expect(r.method).toBe("two-level");
    expect(r.reasoning).toMatch(/lies above δ = 0/);
  });
  it("clearly worse → not supported", () => {
    const r = testOf([0.3, 0.6, 0.9], [0.6, 0.62, 0.64], 200);
    expect(r.verdict).toBe("not supported");
    expect(r.ci.hi).toBeLessThan(0);
  });
  it("the same spread on both slices: overlapping → inconclusive", () => {
    const r = testOf([0.5, 0.6, 0.7], [0.5, 0.6, 0.7], 100);
    expect(r.verdict).toBe("inconclusive");
    expect(r.ci.lo).toBeLessThan(0);
    expect(r.ci.hi).toBeGreaterThan(0);
  });
  it("a pre-registered minimum effect δ can turn a small positive effect into not supported", () => {
    const cases = seeds((s) => ({ static: slice([0.5, 0.6, 0.7], 400, s), induced: slice([0.45, 0.6, 0.75], 400, s + 100) }));
    expect(h1Test(cases, { nBoot: 400, seed: 1, delta: 0 }).verdict).toBe("supported");
    expect(h1Test(cases, { nBoot: 400, seed: 1, delta: 0.2 }).verdict).toBe("not supported");
  });
  it("gives no verdict below 200 bootstrap replicates, and says why", () => {
    const cases = seeds((s) => ({ static: slice([0.6, 0.62, 0.64], 200, s), induced: slice([0.3, 0.6, 0.9], 200, s + 100) }));
    for (const nBoot of [1, 2, 5, 199]) {
      const r = h1Test(cases, { nBoot, seed: 1 });
      expect(r.verdict).toBe("no verdict");
      expect(r.reasoning).toMatch(/at least 200 are needed/);
    }
    expect(h1Test(cases, { nBoot: 200, seed: 1 }).verdict).toBe("supported");
  });
  it("method seeds resamples whole seeds only", () => {
    const cases = Array.from({ length: 10 }, (_, s) => ({ static: slice([0.6, 0.62, 0.64], 200, s), induced: slice([0.3, 0.6, 0.9], 200, s + 100) }));
    const r = h1Test(cases, { nBoot: 300, seed: 1, method: "seeds" });
    expect(r.method).toBe("seeds");
    // every replicate is a mean of per-seed differences: the interval lies within their range
    expect(r.ci.lo).toBeGreaterThanOrEqual(Math.min(...r.per_seed_diff) - 1e-15);
    expect(r.ci.hi).toBeLessThanOrEqual(Math.max(...r.per_seed_diff) + 1e-15);
  });
  it("is deterministic for a seed", () => {
    const cases = seeds((s) => ({ static: slice([0.5, 0.6], 50, s), induced: slice([0.4, 0.7], 50, s) }));
    expect(h1Test(cases, { nBoot: 100, seed: 3 })).toEqual(h1Test(cases, { nBoot: 100, seed: 3 }));
  });

  it("gives no verdict, with the reason, for one model, too few items, or no variance at all", () => {
    const one = h1Test(
      seeds((s) => ({ static: slice([0.6], 200, s), induced: slice([0.9], 200, s + 100) })),
      { nBoot: 200, seed: 1 },
    );
    expect(one.verdict).toBe("no verdict");
    expect(one.reasoning).toMatch(/at least two models/);
    const few = h1Test(
      seeds((s) => ({ static: slice([0.3, 0.9], 10, s), induced: slice([0.1, 0.9], 10, s + 100) })),
      { nBoot: 200, seed: 1 },
    );
    expect(few.verdict).toBe("no verdict");
    expect(few.reasoning).toMatch(/only 10 item\(s\).*at least 20/);
    const allRight = h1Test(
      seeds((s) => ({ static: slice([1, 1, 1], 100, s), induced: slice([1, 1, 1], 100, s + 100) })),
      { nBoot: 200, seed: 1 },
    );
    expect(allRight.verdict).toBe("no verdict");
    expect(allRight.reasoning).toMatch(/all models answered alike/);
  });
  it("ranking agreement: the same ranking keeps τ = 1; swapped weaknesses re-rank", () => {
    const same = seeds((s) => ({ static: slice([0.5, 0.6, 0.7, 0.8], 300, s), induced: slice([0.3, 0.5, 0.7, 0.9], 300, s + 100) }));
    const r = rankingAgreement(same, { seed: 1 });
    expect(r?.kendall_tau).toBe(1);
    expect(r?.reranked).toBe(false);
    const swapped = seeds((s) => ({ static: slice([0.82, 0.83, 0.81, 0.84, 0.6], 300, s), induced: slice([0.9, 0.88, 0.7, 0.72, 0.5], 300, s + 100) }));
    const q = rankingAgreement(swapped, { seed: 1 });
    expect(q?.reranked).toBe(true);
    expect(q?.leader.static).toBe(3);
    expect(q?.leader.induced).toBe(0);
    const t = h1Test(swapped, { nBoot: 300, seed: 1 });
    expect(t.verdict).toBe("supported");
    expect(t.reasoning).toMatch(/ranks the models differently \(another model leads\)/);
  });
  it("the headline H1 needs both static and the failure-blind control beaten; it names what decided", () => {
    const up = testOf([0.6, 0.62, 0.64], [0.3, 0.6, 0.9], 200);
    const flat = testOf([0.5, 0.6, 0.7], [0.5, 0.6, 0.7], 100);
    const down = testOf([0.3, 0.6, 0.9], [0.6, 0.62, 0.64], 200);
    expect(creditedH1(up, up)).toMatchObject({ verdict: "supported", decided_by: "static and blind" });
    expect(creditedH1(up, flat)).toMatchObject({ verdict: "inconclusive", decided_by: "blind" });
    expect(creditedH1(up, flat).reasoning).toMatch(/not credited to the failures/);
    expect(creditedH1(up, down)).toMatchObject({ verdict: "not supported", decided_by: "blind" });
    expect(creditedH1(down, up)).toMatchObject({ verdict: "not supported", decided_by: "static" });
    expect(creditedH1(up, null)).toMatchObject({ verdict: "supported", decided_by: "no blind control" });
  });
});

describe("H1's bootstrap reads each matrix item by item", () => {
  it("debiasedVarianceItemMajor is exactly debiasedVarianceOf (same sums, same order) on any matrix and resample", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 9 })
          .chain((m) =>
            fc
              .integer({ min: 1, max: 40 })
              .chain((n) =>
                fc.tuple(
                  fc.array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
                  fc.array(fc.nat(n - 1), { minLength: 1, maxLength: 2 * n }),
                ),
              ),
          ),
        ([rows, idx]) => {
          const mat = rows.map((r) => Uint8Array.from(r));
          const form = itemMajor(mat);
          expect(debiasedVarianceItemMajor(form, Int32Array.from(idx))).toBe(debiasedVarianceOf(mat, idx));
          expect(
            debiasedVarianceItemMajor(
              form,
              Int32Array.from({ length: mat[0]?.length ?? 0 }, (_, i) => i),
            ),
          ).toBe(debiasedVarianceOf(mat));
        },
      ),
    );
  });
});
