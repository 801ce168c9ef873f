import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyseIrt, anchorEvaluation, itemInformation, itemsCsv, probability, responseMatrix, selectAnchors, testInformation, toPyIrtJsonl, toResponsesCsv } from "./index.js";
import { createRng } from "@fib/stats";
import { simulate2pl } from "./_internal/simulate.js";

describe("information", () => {
  it("an item's information peaks at its difficulty with a²/4; the test's is the items' sum", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true }), (a, b, off) => {
        const item = { a, c: -a * b };
        expect(probability(item, b)).toBeCloseTo(0.5, 12);
        expect(itemInformation(item, b)).toBeCloseTo((a * a) / 4, 12);
        expect(itemInformation(item, b + off)).toBeLessThanOrEqual(itemInformation(item, b) + 1e-15);
        const other = { a: 1, c: 0.3 };
        expect(testInformation([item, other], off)).toBeCloseTo(itemInformation(item, off) + itemInformation(other, off), 12);
      }),
    );
  });
});

describe("analyseIrt flags", () => {
  it("items whose labels were flipped (stronger models fail them) are flagged negative_discrimination; items all answered alike, no_variance", () => {
    const s = simulate2pl(40, 300, 3, { sdLogA: 0.2 });
    const I = 300;
    const data = s.m.data.slice();
    const flipped = [5, 50, 120, 250];
    for (const i of flipped) for (let p = 0; p < 40; p++) data[p * I + i] = 1 - (data[p * I + i] as number);
    // raise the flipped items' discrimination by making them follow θ strongly, reversed
    const order = s.theta.map((t, p) => [t, p] as const).sort((x, y) => x[0] - y[0]);
    for (const i of flipped)
      order.forEach(([, p], r) => {
        data[p * I + i] = r < 20 ? 1 : 0;
      });
    for (let p = 0; p < 40; p++) data[p * I + 7] = 1;
    const a = analyseIrt({ ...s.m, data });
    for (const i of flipped) expect(a.items[i]?.flags).toContain("negative_discrimination");
    expect(a.items[7]?.flags).toContain("no_variance");
    const others = a.items.filter((_, i) => !flipped.includes(i));
    expect(others.filter((it) => it.flags.includes("negative_discrimination")).length).toBeLessThanOrEqual(Math.ceil(0.05 * others.length));
    expect(a.flagged.negative_discrimination).toBeGreaterThanOrEqual(4);
    expect(a.information.test.length).toBe(a.information.theta.length);
  });
});

describe("the negative-discrimination flag under its null", () => {
  it("coin-flip answers (no item discriminates either way): at most 5 % of items flagged, with 8 models as with 40", () => {
    for (const P of [8, 40]) {
      const s = simulate2pl(P, 1500, 17, { sdLogA: 0 });
      const rng = createRng(3, "flag-null");
      const data = s.m.data.map(() => (rng.float() < 0.5 ? 1 : 0));
      const a = analyseIrt({ ...s.m, data }, { model: "rasch" });
      expect(a.flagged.negative_discrimination / 1500).toBeLessThanOrEqual(0.05);
    }
  });
});

describe("exports", () => {
  const m = responseMatrix(
    ["model,a", 'q"b'],
    ["i1", "i2", "i3"],
    [
      [1, 0, null],
      [null, 1, 1],
    ],
  );
  it("py-irt JSONL: one subject a line, unanswered items left out", () => {
    const lines = toPyIrtJsonl(m)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { subject_id: "model,a", responses: { i1: 1, i2: 0 } },
      { subject_id: 'q"b', responses: { i2: 1, i3: 1 } },
    ]);
  });
  it("CSV: quoted ids, empty cells where not answered", () => {
    expect(toResponsesCsv(m)).toBe('person,i1,i2,i3\n"model,a",1,0,\n"q""b",,1,1\n');
    const a = analyseIrt(
      responseMatrix(
        ["a", "b", "c"],
        ["x", "y"],
        [
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ),
      { model: "rasch" },
    );
    const csv = itemsCsv(a).trim().split("\n");
    expect(csv[0]).toBe("item_id,discrimination,difficulty,intercept,n_answered,p_correct,infit,outfit,item_rest_r,flags");
    expect(csv).toHaveLength(3);
  });
  it("an id a spreadsheet would run as a formula is written as text; numbers stay numbers", () => {
    const f = responseMatrix(
      ['=HYPERLINK("x")', "@sum"],
      ["-i1", "i2"],
      [
        [1, 0],
        [0, 1],
      ],
    );
    const csv = toResponsesCsv(f);
    expect(csv.split("\n")[0]).toBe("person,'-i1,i2");
    expect(csv).toContain('"\'=HYPERLINK(""x"")",1,0');
    expect(csv).toContain("'@sum,0,1");
    const a = analyseIrt(f, { model: "rasch" });
    expect(itemsCsv(a).split("\n")[1]?.startsWith("'-i1,")).toBe(true);
    expect(itemsCsv(a)).toMatch(/,-?\d/);
  });
  it("bad input names the row and item", () => {
    expect(() => responseMatrix(["a"], ["x", "y"], [[1, 2]])).toThrow(/row 0, item y: 2 is not 0, 1 or null/);
    expect(() => responseMatrix(["a"], ["x", "y"], [[1]])).toThrow(/row 0 \(a\) has 1 values for 2 items/);
  });
});

describe("anchors", () => {
  it("selectAnchors: n distinct items, deterministic", () => {
    const s = simulate2pl(20, 200, 9);
    const items = Array.from({ length: 200 }, (_, i) => ({ a: s.a[i] as number, c: -(s.a[i] as number) * (s.b[i] as number) }));
    const one = selectAnchors(items, s.theta, 30);
    expect(new Set(one).size).toBe(30);
    expect(selectAnchors(items, s.theta, 30)).toEqual(one);
    expect(() => selectAnchors(items, s.theta, 201)).toThrow(/n must be an integer from 1 to 200/);
  });
  it("strata of predicted difficulty: 60 anchors estimate a held-out model's accuracy better than 60 random items (simulated 2PL, 16 models × 800 items)", () => {
    const s = simulate2pl(16, 800, 4);
    const ev = anchorEvaluation(s.m, { n: 60, draws: 20, seed: 1, fit: { tol: 1e-4 } });
    expect(ev.rows).toHaveLength(16);
    expect(ev.method).toBe("strata");
    expect(ev.irt_mean_error).toBeLessThan(0.9 * ev.random_mean_error);
  });
});
