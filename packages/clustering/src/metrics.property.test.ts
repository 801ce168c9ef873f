import { fromRows } from "@fib/geometry";
import type { Failure } from "@fib/schemas";
import { createRng } from "@fib/stats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adjustedRandIndex, hungarian, kmeans, normalizedMutualInfo, profileClusters, purity } from "./index.js";
import { distinctRowGroups } from "./chooseK.js";
import { pairwiseDistances, silhouetteFromDistances, silhouetteOfRepeatedRows, silhouetteScore } from "./silhouette.js";

const labelsArb = (n: number, k: number) => fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n });
const pairArb = fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(labelsArb(n, 5), labelsArb(n, 4)));
const permArb = (k: number) =>
  fc.shuffledSubarray(
    Array.from({ length: k }, (_, i) => i),
    { minLength: k, maxLength: k },
  );

describe("label metrics: properties", () => {
  it("ARI and NMI are symmetric", () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        expect(adjustedRandIndex(a, b)).toBeCloseTo(adjustedRandIndex(b, a), 12);
        expect(normalizedMutualInfo(a, b)).toBeCloseTo(normalizedMutualInfo(b, a), 12);
      }),
    );
  });
  it("ARI, NMI and purity are 1 under any relabelling of the same partition", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }).chain((n) => labelsArb(n, 6)),
        permArb(6),
        (a, perm) => {
          const b = a.map((x) => perm[x] as number);
          expect(adjustedRandIndex(a, b)).toBeCloseTo(1, 12);
          expect(normalizedMutualInfo(a, b)).toBeCloseTo(1, 12);
          expect(purity(b, a)).toBe(1);
        },
      ),
    );
  });
  it("NMI and purity lie in [0, 1]; ARI ≤ 1", () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        const nmi = normalizedMutualInfo(a, b);
        expect(nmi).toBeGreaterThanOrEqual(-1e-12);
        expect(nmi).toBeLessThanOrEqual(1 + 1e-12);
        expect(adjustedRandIndex(a, b)).toBeLessThanOrEqual(1 + 1e-12);
        const p = purity(a, b);
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThanOrEqual(1);
      }),
    );
  });
  it("typed integer arrays (the direct-count fast path) give the same values as plain arrays", () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        const ta = Int32Array.from(a);
        const tb = Uint8Array.from(b);
        expect(adjustedRandIndex(ta, tb)).toBeCloseTo(adjustedRandIndex(a, b), 12);
        expect(normalizedMutualInfo(ta, tb)).toBeCloseTo(normalizedMutualInfo(a, b), 12);
        expect(purity(ta, tb)).toBeCloseTo(purity(a, b), 12);
        expect(purity(ta, tb, { average: "micro" })).toBeCloseTo(purity(a, b, { average: "micro" }), 12);
      }),
    );
  });
  it("string and number labels give the same values", () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        expect(
          adjustedRandIndex(
            a.map((x) => `c${x}`),
            b,
          ),
        ).toBeCloseTo(adjustedRandIndex(a, b), 12);
      }),
    );
  });
});

function bruteForce(cost: number[][]): number {
  const n = cost.length;
  const m = cost[0]?.length ?? 0;
  const rowsFirst = n <= m;
  let best = Number.POSITIVE_INFINITY;
  const small = Math.min(n, m);
  const big = Math.max(n, m);
  const used = new Array(big).fill(false);
  const rec = (i: number, acc: number) => {
    if (i === small) {
      best = Math.min(best, acc);
      return;
    }
    for (let j = 0; j < big; j++) {
      if (used[j]) continue;
      used[j] = true;
      rec(i + 1, acc + (rowsFirst ? ((cost[i] as number[])[j] as number) : ((cost[j] as number[])[i] as number)));
      used[j] = false;
    }
  };
  rec(0, 0);
  return best;
}

describe("hungarian: properties", () => {
  it("equals brute force for n ≤ 7, square and rectangular", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer(), (r, c, seed) => {
        const rng = createRng(seed >>> 0);
        const cost = Array.from({ length: r }, () => Array.from({ length: c }, () => rng.int(-20, 50)));
        const res = hungarian(cost);
        expect(res.cost).toBeCloseTo(bruteForce(cost), 9);
      }),
      { numRuns: 150 },
    );
  });
});

describe("hungarian: the square fast path (JV reductions) agrees with the plain augmenting-path path", () => {
  it("random square matrices up to 130×130 (from 64×64 the row scan runs in WebAssembly SIMD), with ties", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 130 }), fc.nat(), fc.boolean(), (n, seed, ties) => {
        const rng = createRng(seed);
        const cost = Array.from({ length: n }, () => Array.from({ length: n }, () => (ties ? rng.int(0, 5) : rng.float() * 100)));
        // one extra, prohibitively expensive column makes the problem rectangular: no reductions
        const padded = cost.map((row) => [...row, 1e9]);
        expect(hungarian(cost).cost).toBeCloseTo(hungarian(padded).cost, 6);
      }),
      { numRuns: 80 },
    );
  });
});

describe("k-means: properties", () => {
  it("inertia never rises between iterations, and labels index the nearest centroid", () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 120 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.nat(), (n, k, d, seed) => {
        const rng = createRng(seed);
        const x = fromRows(Array.from({ length: n }, () => Array.from({ length: d }, () => rng.float() * 10)));
        const r = kmeans(x, { k, seed, trackInertia: true });
        for (let t = 1; t < r.inertiaHistory.length; t++) {
          expect(r.inertiaHistory[t]).toBeLessThanOrEqual((r.inertiaHistory[t - 1] as number) * (1 + 1e-12));
        }
        expect(r.inertia).toBeLessThanOrEqual((r.inertiaHistory.at(-1) as number) * (1 + 1e-12));
        expect(new Set(r.labels).size).toBeLessThanOrEqual(k);
      }),
      { numRuns: 60 },
    );
  });
  it("hamerly, elkan and lloyd agree, with either kernel, and threads do not change the result", () => {
    const rng = createRng(5);
    const x = fromRows(Array.from({ length: 3000 }, (_, i) => Array.from({ length: 6 }, () => (i % 5) * 3 + rng.float() * 4)));
    const a = kmeans(x, { k: 5, seed: 1, algorithm: "lloyd", threads: 1 });
    const b = kmeans(x, { k: 5, seed: 1, algorithm: "hamerly", threads: 1 });
    const c = kmeans(x, { k: 5, seed: 1, algorithm: "hamerly", threads: 2 });
    const e1 = kmeans(x, { k: 5, seed: 1, algorithm: "elkan", threads: 1 });
    const e2 = kmeans(x, { k: 5, seed: 1, algorithm: "elkan", threads: 2 });
    // the WebAssembly SIMD kernel, one thread and two (its memory shared with the helper)
    const w1 = kmeans(x, { k: 5, seed: 1, algorithm: "hamerly", threads: 1, simd: true });
    const w2 = kmeans(x, { k: 5, seed: 1, algorithm: "hamerly", threads: 2, simd: true });
    const w3 = kmeans(x, { k: 5, seed: 1, algorithm: "lloyd", threads: 2, simd: true });
    expect([...b.labels]).toEqual([...a.labels]);
    expect([...c.labels]).toEqual([...a.labels]);
    // the SIMD kernel adds every product in the JavaScript kernel's order: the same numbers exactly
    const js1 = kmeans(x, { k: 5, seed: 1, algorithm: "hamerly", threads: 1, simd: false });
    expect(w1.inertia).toBe(js1.inertia);
    expect(Array.from(w1.centroids.data)).toEqual(Array.from(js1.centroids.data));
    for (const e of [e1, e2, w1, w2, w3]) {
      expect([...e.labels]).toEqual([...a.labels]);
      expect(e.iterations).toBe(a.iterations);
    }
    expect(c.inertia).toBeCloseTo(a.inertia, 6);
  });
  it("is deterministic for a seed; nInit keeps the best restart", () => {
    const rng = createRng(9);
    const x = fromRows(Array.from({ length: 200 }, () => [rng.float(), rng.float()]));
    expect([...kmeans(x, { k: 4, seed: 3 }).labels]).toEqual([...kmeans(x, { k: 4, seed: 3 }).labels]);
    const one = kmeans(x, { k: 4, seed: 3, nInit: 1 });
    const many = kmeans(x, { k: 4, seed: 3, nInit: 8 });
    expect(many.inertia).toBeLessThanOrEqual(one.inertia + 1e-9);
  });
  it("rejects k larger than n", () => {
    expect(() => kmeans(fromRows([[0], [1]]), { k: 3 })).toThrow(/more than the 2 points/);
  });
});

describe("silhouette from precomputed distances", () => {
  it("pairwiseDistances (pdist.wat) gives every distance exactly as a column-order sum in JavaScript", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 41 }), fc.integer({ min: 1, max: 40 }), fc.integer(), (m, d, seed) => {
        const rng = createRng(seed);
        const n = Math.max(1, m);
        // values of full precision, where a sum in another order would differ in its last bits
        const x = fromRows(Array.from({ length: n }, () => Array.from({ length: d }, () => (rng.float() - 0.5) * 10 ** rng.int(-3, 3))));
        const idx = Array.from({ length: m }, () => rng.int(0, n - 1));
        const got = pairwiseDistances(x, idx);
        expect(got.length).toBe(m * m);
        for (let p = 0; p < m; p++)
          for (let q = 0; q < m; q++) {
            let s = 0;
            for (let j = 0; j < d; j++) {
              const v = x.data[idx[p]! * d + j]! - x.data[idx[q]! * d + j]!;
              s += v * v;
            }
            expect(got[p * m + q]).toBe(p === q ? 0 : Math.sqrt(s));
          }
      }),
      { numRuns: 150 },
    );
  });
  it("gives exactly silhouetteScore's number on any sample", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 60 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 6 }), fc.integer(), (n, d, k, seed) => {
        const rng = createRng(seed);
        const x = fromRows(Array.from({ length: n }, () => Array.from({ length: d }, () => Math.round(rng.float() * 8) / 2)));
        const labels = Array.from({ length: n }, () => rng.int(0, k - 1));
        const rows = Array.from({ length: n }, (_, i) => i).filter(() => rng.float() < 0.7);
        const direct = silhouetteScore(x, labels, { rows });
        const viaMatrix = silhouetteFromDistances(
          pairwiseDistances(x, rows),
          rows.map((i) => labels[i] as number),
        );
        expect(Object.is(direct, viaMatrix) || direct === viaMatrix).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
  it("scored over distinct rows (chooseK's path when rows repeat), silhouetteScore's number up to rounding", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 80 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 6 }), fc.integer(), (n, d, k, seed) => {
        const rng = createRng(seed);
        // a coarse grid: many rows repeat, as the failures of one item by several models do
        const x = fromRows(Array.from({ length: n }, () => Array.from({ length: d }, () => rng.int(0, 2) - 0)));
        const labels = Array.from({ length: n }, () => rng.int(0, k - 1));
        const rows = Array.from({ length: n }, (_, i) => i).filter(() => rng.float() < 0.8);
        const direct = silhouetteScore(x, labels, { rows });
        const { reps, of } = distinctRowGroups(x, rows);
        expect(new Set(reps.map((r) => x.data.subarray(r * d, (r + 1) * d).join())).size).toBe(reps.length);
        const grouped = silhouetteOfRepeatedRows(
          pairwiseDistances(x, reps),
          of,
          rows.map((i) => labels[i] as number),
        );
        if (Number.isNaN(direct)) expect(grouped).toBeNaN();
        else expect(Math.abs(grouped - direct)).toBeLessThan(1e-12);
      }),
      { numRuns: 300 },
    );
  });
});

describe("profileClusters' design axes", () => {
  it("each cluster's stats and histograms are the direct count of its failures' depths, distractors and operators", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (n, k, seed) => {
        const rng = createRng(seed);
        const failures = Array.from({ length: n }, (_, i) => {
          const item = { id: `i${i % 37}`, type: "chain", x: `a b c ${i % 5}`, y: 1, depth: rng.int(0, 6), distractor_count: rng.int(0, 3), operator_count: rng.int(0, 2) };
          return { failure_id: `f${i}`, item_id: item.id, model_id: `m${i % 3}`, item, prediction: 0, reason: "wrong" } as unknown as Failure;
        });
        const labels = Array.from({ length: n }, () => rng.int(0, k - 1));
        const profiles = profileClusters(failures, labels);
        profiles.forEach((p, c) => {
          const fs = failures.filter((_, i) => labels[i] === c);
          for (const [field, stats, hist] of [
            ["depth", p.depth, p.depth_histogram],
            ["distractor_count", p.distractor_count, p.distractor_histogram],
            ["operator_count", p.operator_count, p.operator_histogram],
          ] as const) {
            const xs = fs.map((f) => f.item[field]);
            const h: Record<string, number> = {};
            for (const x of xs) h[String(x)] = (h[String(x)] ?? 0) + 1;
            expect(hist).toEqual(h);
            expect(stats).toEqual(xs.length ? { mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs) } : { mean: 0, min: 0, max: 0 });
          }
        });
      }),
      { numRuns: 100 },
    );
  });
});
