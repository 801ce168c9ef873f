import { describe, expect, it } from "vitest";
import { applyStoppingRule, centroidDrift, overlapAri } from "./index.js";

describe("centroidDrift", () => {
  it("matches centroids regardless of their order", () => {
    const prev = [
      [0, 0],
      [10, 0],
      [0, 10],
    ];
    const curr = [
      [0, 10.5],
      [0.5, 0],
      [10, 0.5],
    ];
    const d = centroidDrift(prev, curr);
    expect(d?.mean).toBeCloseTo(0.5, 12);
    expect(d?.matches.map((m) => [m[0], m[1]])).toEqual([
      [0, 1],
      [1, 2],
      [2, 0],
    ]);
  });
  it("reports unmatched clusters when k changes; null without centroids", () => {
    const d = centroidDrift([[0], [5]], [[0.1], [5.2], [100]]);
    expect(d?.unmatched_current).toEqual([2]);
    expect(d?.mean).toBeCloseTo(0.15, 12);
    expect(centroidDrift([], [[1]])).toBeNull();
    expect(() => centroidDrift([[1, 2]], [[1]])).toThrow(/fixed feature space/);
  });
});

describe("overlapAri", () => {
  it("compares assignments on shared failure ids only", () => {
    const prev = { failure_ids: ["a", "b", "c", "d", "x"], labels: [0, 0, 1, 1, 2] };
    const curr = { failure_ids: ["d", "c", "b", "a", "y"], labels: [5, 5, 7, 7, 9] };
    expect(overlapAri(prev, curr)).toEqual({ n_overlap: 4, ari: 1 });
    expect(overlapAri(prev, { failure_ids: ["q"], labels: [0] })).toEqual({ n_overlap: 0, ari: null });
  });
});

describe("stopping rule", () => {
  it("converges at the round ending the first stable window", () => {
    const s = [
      { round: 0, drift: null, ari: null },
      { round: 1, drift: 0.9, ari: 0.5 },
      { round: 2, drift: 0.1, ari: 0.9 },
      { round: 3, drift: 0.05, ari: 0.95 },
      { round: 4, drift: 0.04, ari: 0.97 },
    ];
    expect(applyStoppingRule(s, { epsilon: 0.2, tau: 0.8, window: 2 }).converged_at).toBe(3);
    // without a band, "auto" never calls a round stable
    expect(applyStoppingRule(s).converged_at).toBeNull();
    expect(applyStoppingRule(s, { epsilon: 0.2, tau: 0.8, window: 3 }).converged_at).toBe(4);
    expect(applyStoppingRule(s, { epsilon: 0.01, tau: 0.8, window: 1 }).converged_at).toBeNull();
  });
  it("auto thresholds come from each round's noise band", () => {
    const band = { drift_p95: 0.3, ari_p5: 0.6 };
    const s = [
      { round: 0, drift: null, ari: null, band: null },
      { round: 1, drift: 0.29, ari: 0.7, band },
      { round: 2, drift: 0.31, ari: 0.9, band },
      { round: 3, drift: 0.1, ari: 0.61, band },
      { round: 4, drift: 0.2, ari: 0.65, band: { drift_p95: 0.25, ari_p5: 0.6 } },
    ];
    const d = applyStoppingRule(s);
    expect(d.checks.map((c) => c.stable)).toEqual([false, true, false, true, true]);
    expect(d.converged_at).toBe(4);
    expect(d.checks[4]?.epsilon).toBe(0.25);
  });
  it("without overlap it judges drift alone and says so", () => {
    const d = applyStoppingRule(
      [
        { round: 0, drift: null, ari: null },
        { round: 1, drift: 0.1, ari: null },
      ],
      { window: 1, epsilon: 0.25 },
    );
    expect(d.converged_at).toBe(1);
    expect(d.checks[1]?.reason).toContain("judged on drift alone");
  });
  it("a declaration must hold through the last round: a later round outside the band revokes it and says where", () => {
    const band = { drift_p95: 0.3, ari_p5: 0.6 };
    const s = [0.1, 0.1, 0.5, 0.1].map((drift, i) => ({ round: i + 1, drift, ari: null, band }));
    const d = applyStoppingRule([{ round: 0, drift: null, ari: null, band: null }, ...s]);
    expect(d.converged_at).toBeNull();
    expect(d.declarations).toEqual([{ declared_at: 2, revoked_at: 3, reason: expect.stringMatching(/round 3 left the band after convergence was declared at round 2/) }]);
    // two stable rounds after the break declare again, and that one stands
    const again = applyStoppingRule([{ round: 0, drift: null, ari: null, band: null }, ...[0.1, 0.1, 0.5, 0.1, 0.1].map((drift, i) => ({ round: i + 1, drift, ari: null, band }))]);
    expect(again.converged_at).toBe(5);
    expect(again.declarations.map((x) => [x.declared_at, x.revoked_at])).toEqual([
      [2, 3],
      [5, null],
    ]);
  });
  it("with a long-range check, a slow drift whose steps stay in the band revokes; one noisy step does not", () => {
    const band = { drift_p95: 0.3, ari_p5: 0.6 };
    const series = [{ round: 0, drift: null, ari: null, band: null }, ...[0.1, 0.1, 0.2, 0.2, 0.2].map((drift, i) => ({ round: i + 1, drift, ari: null, band }))];
    // the geometry moves 0.2 a round from the declared round 2
    const slow = applyStoppingRule(series, {}, { longRange: (from, to) => ({ drift: 0.2 * (to - from), p95: 0.3 }) });
    expect(slow.converged_at).toBeNull();
    expect(slow.declarations[0]).toMatchObject({ declared_at: 2, revoked_at: 4, reason: expect.stringMatching(/^slow drift: from round 2 to round 4/) });
    expect(slow.long_range.map((x) => [x.anchor, x.round, x.within])).toEqual([
      [2, 3, true],
      [2, 4, false],
    ]);
    // stationary around the declared geometry, one step outside the band: the declaration stands
    const noisy = [{ round: 0, drift: null, ari: null, band: null }, ...[0.1, 0.1, 0.35, 0.1].map((drift, i) => ({ round: i + 1, drift, ari: null, band }))];
    const held = applyStoppingRule(noisy, {}, { longRange: () => ({ drift: 0.2, p95: 0.3 }) });
    expect(held.converged_at).toBe(2);
  });
});
