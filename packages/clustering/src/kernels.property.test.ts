import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normsKernel } from "./_internal/kernels.js";
import { helperLimitForTests } from "./_internal/pool.js";
import { kmeans } from "./kmeans.js";

/** The norms kernel's contract, one row and one column at a time: each row's squared norm summed in column order, each column's sum in row order, their total in row order. */
function reference(x: Float64Array, d: number, i0: number, i1: number): { xn: Float64Array; col: Float64Array } {
  const xn = new Float64Array(i1);
  const col = new Float64Array(d + 1);
  let total = 0;
  for (let i = i0; i < i1; i++) {
    let q = 0;
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j] as number;
      q += v * v;
      col[j] = (col[j] as number) + v;
    }
    xn[i] = q;
    total += q;
  }
  col[d] = total;
  return { xn, col };
}

describe("k-means kernels", () => {
  it("normsKernel (four rows side by side) gives exactly the numbers of one row at a time, copying rows in or not", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 9 })
          .chain((d) =>
            fc
              .integer({ min: 0, max: 23 })
              .chain((n) =>
                fc.tuple(
                  fc.constant(d),
                  fc.constant(n),
                  fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: n * d, maxLength: n * d }),
                  fc.integer({ min: 0, max: n }),
                  fc.integer({ min: 0, max: n }),
                ),
              ),
          ),
        ([d, n, values, a, b]) => {
          const [i0, i1] = a <= b ? [a, b] : [b, a];
          const x = Float64Array.from(values);
          const xn = new Float64Array(n);
          const col = new Float64Array(2 * (d + 1)).fill(7); // slot 1: the kernel must clear its own block
          normsKernel(x, d, xn, col, 1, i0, i1, x);
          const ref = reference(x, d, i0, i1);
          for (let i = i0; i < i1; i++) expect(xn[i]).toBe(ref.xn[i]);
          for (let j = 0; j <= d; j++) expect(col[d + 1 + j]).toBe(ref.col[j]);
          // reading from another array: the same numbers, and rows [i0, i1) copied into x, nothing else
          const into = new Float64Array(n * d).fill(-3);
          const xn2 = new Float64Array(n);
          normsKernel(into, d, xn2, col, 1, i0, i1, x);
          for (let i = i0; i < i1; i++) expect(xn2[i]).toBe(ref.xn[i]);
          for (let j = 0; j <= d; j++) expect(col[d + 1 + j]).toBe(ref.col[j]);
          for (let q = 0; q < n * d; q++) expect(into[q]).toBe(q >= i0 * d && q < i1 * d ? x[q] : -3);
        },
      ),
      { numRuns: 300 },
    );
  });
  it("the WebAssembly pass (bounds, scan, nearest centre, sums) gives exactly the JavaScript kernels' numbers, every step", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 12, max: 90 }),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 0, max: 2 ** 30 }),
        (d, kWanted, n, threads, seed) => {
          const k = Math.min(kWanted, n);
          // overlapping groups and repeated rows (ties, empty clusters), so Hamerly passes move rows back and forth
          let r = seed;
          const next = () => {
            r = (Math.imul(r, 1103515245) + 12345) & 0x7fffffff;
            return r / 0x7fffffff;
          };
          const data = new Float64Array(n * d);
          for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = i % 7 === 0 ? 1 : Math.round(((i % 3) * 2 + next() * 3) * 8) / 8;
          const x = { rows: n, cols: d, data };
          const opts = { k, seed, threads, tol: 0, trackInertia: true } as const;
          const js = kmeans(x, { ...opts, simd: false });
          const wasm = kmeans(x, { ...opts, simd: true });
          expect(Array.from(wasm.labels)).toEqual(Array.from(js.labels));
          expect(Array.from(wasm.centroids.data)).toEqual(Array.from(js.centroids.data));
          expect(wasm.inertiaHistory).toEqual(js.inertiaHistory);
          expect(wasm.iterations).toBe(js.iterations);
          expect(wasm.inertia).toBe(js.inertia);
        },
      ),
      { numRuns: 150 },
    );
  });
  it("the numbers depend on the row ranges (threads), never on how many helper threads ran them", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 40, max: 3000 }),
        fc.integer({ min: 2, max: 4 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 30 }),
        (d, kWanted, n, threads, simd, seed) => {
          const k = Math.min(kWanted, n);
          let r = seed;
          const next = () => {
            r = (Math.imul(r, 1103515245) + 12345) & 0x7fffffff;
            return r / 0x7fffffff;
          };
          // full-precision values: partial sums grouped differently would differ in their last bits
          const data = Float64Array.from({ length: n * d }, (_, i) => ((i / d) % 3) + next());
          const x = { rows: n, cols: d, data };
          const opts = { k, seed, threads, nInit: 2, simd } as const;
          const many = kmeans(x, opts);
          helperLimitForTests(0);
          let alone: ReturnType<typeof kmeans>;
          try {
            alone = kmeans(x, opts);
          } finally {
            helperLimitForTests();
          }
          expect(Array.from(alone.labels)).toEqual(Array.from(many.labels));
          expect(Array.from(alone.centroids.data)).toEqual(Array.from(many.centroids.data));
          expect(alone.iterations).toBe(many.iterations);
          expect(alone.inertia).toBe(many.inertia);
        },
      ),
      { numRuns: 40 },
    );
  });
});
