import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normsKernel } from "./_internal/kernels.js";

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
  it("normsKernel (four rows side by side) gives exactly the numbers of one row at a time", () => {
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
          normsKernel(x, d, xn, col, 1, i0, i1);
          const ref = reference(x, d, i0, i1);
          for (let i = i0; i < i1; i++) expect(xn[i]).toBe(ref.xn[i]);
          for (let j = 0; j <= d; j++) expect(col[d + 1 + j]).toBe(ref.col[j]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
