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
});
