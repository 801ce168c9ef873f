import { describe, expect, it } from "vitest";
import { kmeans } from "./index.js";

describe("kmeans takes what users pass, and says what it expects", () => {
  const rows = [
    [0, 0],
    [0.1, 0],
    [5, 5],
    [5.1, 5],
  ];
  it("number[][] gives the same result as the row-major matrix", () => {
    const a = kmeans(rows, { k: 2, seed: 1 });
    const b = kmeans({ rows: 4, cols: 2, data: Float64Array.from(rows.flat()) }, { k: 2, seed: 1 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
    expect(a.labels[0]).toBe(a.labels[1]);
    expect(a.labels[0]).not.toBe(a.labels[2]);
  });
  it("bad shapes are TypeErrors naming the shape expected", () => {
    expect(() => kmeans([[1, 2], [3]], { k: 1 })).toThrow(/row 1 has 1 values, expected 2 like row 0/);
    expect(() => kmeans([[1, Number.NaN]], { k: 1 })).toThrow(/row 0, column 1 is null, expected a finite number/);
    expect(() => kmeans({ rows: 2, cols: 2, data: new Float64Array(3) }, { k: 1 })).toThrow(/data has 3 values, rows × cols = 4/);
    expect(() => kmeans({ data: [1, 2] } as never, { k: 1 })).toThrow(/expected a matrix \{rows, cols, data: Float64Array\}.*keys data/);
    expect(() => kmeans([], { k: 1 })).toThrow(/no rows/);
  });
});
