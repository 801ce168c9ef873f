import { generateCarb } from "@fib/carb";
import type { Failure } from "@fib/schemas";
import { createRng } from "@fib/stats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  csrToDense,
  failureFeatures,
  fitFeatureSpace,
  metadataFeatures,
  tfidf,
  transformFeatures,
  transposeCsr,
  truncatedSvd,
  skeletonTerms,
  skeletonText,
  skeletonTokens,
  tokenize,
} from "./index.js";
import { scatterJs, scatterWasm } from "./pca2d.js";
import { wordHashBitsForTests } from "./tfidf.js";

/** Two TF-IDF results are the same: vocabulary, idf and every array of the matrix. */
function sameTfidf(a: ReturnType<typeof tfidf>, b: ReturnType<typeof tfidf>): void {
  expect(a.vocabulary).toEqual(b.vocabulary);
  expect(Array.from(a.idf)).toEqual(Array.from(b.idf));
  expect(Array.from(a.matrix.indptr)).toEqual(Array.from(b.matrix.indptr));
  expect(Array.from(a.matrix.indices)).toEqual(Array.from(b.matrix.indices));
  expect(Array.from(a.matrix.data)).toEqual(Array.from(b.matrix.data));
}

const wordArb = fc.constantFrom("cat", "dog", "taller", "than", "is", "all", "some", "not", "ada", "bram", "suppose");
const docsArb = fc.array(
  fc.array(wordArb, { minLength: 0, maxLength: 12 }).map((w) => w.join(" ")),
  { minLength: 1, maxLength: 30 },
);

describe("tfidf: properties", () => {
  it("every non-empty row has unit l2 norm; empty rows are zero", () => {
    fc.assert(
      fc.property(docsArb, fc.boolean(), (docs, sublinearTf) => {
        const m = tfidf(docs, { sublinearTf }).matrix;
        for (let i = 0; i < m.rows; i++) {
          let s = 0;
          for (let k = m.indptr[i] as number; k < (m.indptr[i + 1] as number); k++) s += (m.data[k] as number) ** 2;
          if ((m.indptr[i + 1] as number) > (m.indptr[i] as number)) expect(s).toBeCloseTo(1, 12);
          else expect(s).toBe(0);
        }
      }),
    );
  });
  it("a repeated text's row is copied, not recomputed: the same matrix as texts that differ only in spacing (never merged)", () => {
    fc.assert(
      fc.property(docsArb, fc.array(fc.nat(), { maxLength: 20 }), fc.boolean(), (docs, picks, sublinearTf) => {
        // repeats of earlier documents, and the same repeats with a trailing space (same tokens, a different string)
        const repeats = picks.map((p) => docs[p % docs.length] as string);
        const merged = tfidf([...docs, ...repeats], { sublinearTf }).matrix;
        const apart = tfidf([...docs, ...repeats.map((t) => `${t} `)], { sublinearTf }).matrix;
        expect(Array.from(merged.indptr)).toEqual(Array.from(apart.indptr));
        expect(Array.from(merged.indices)).toEqual(Array.from(apart.indices));
        expect(Array.from(merged.data)).toEqual(Array.from(apart.data));
      }),
    );
  });
  it("terms kept between calls change nothing: after other fits (texts analysed, ids given) a fit and a transform equal a fresh analyzer's", () => {
    fc.assert(
      fc.property(docsArb, docsArb, fc.boolean(), (before, docs, sublinearTf) => {
        tfidf(before, { sublinearTf }); // warms the default analyzer with other texts and terms first
        const warm = tfidf(docs, { sublinearTf });
        const fresh = (t: string) => tokenize(t); // a new analyzer: nothing kept for it yet
        const cold = tfidf(docs, { sublinearTf, analyzer: fresh });
        expect(warm.vocabulary).toEqual(cold.vocabulary);
        expect(Array.from(warm.idf)).toEqual(Array.from(cold.idf));
        expect(Array.from(warm.matrix.indices)).toEqual(Array.from(cold.matrix.indices));
        expect(Array.from(warm.matrix.data)).toEqual(Array.from(cold.matrix.data));
        // a fixed vocabulary (a fitted space's transform) on texts both known and new
        const fixed = { vocabulary: cold.vocabulary, idf: cold.idf, sublinearTf };
        const a = tfidf([...before, ...docs], fixed).matrix;
        const b = tfidf([...before, ...docs], { ...fixed, analyzer: (t: string) => tokenize(t) }).matrix;
        expect(Array.from(a.indptr)).toEqual(Array.from(b.indptr));
        expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
        expect(Array.from(a.data)).toEqual(Array.from(b.data));
      }),
    );
  });
});

describe("truncatedSvd: properties", () => {
  it("singular values within 1 % of an exact decomposition on small inputs (both orientations)", () => {
    fc.assert(
      fc.property(
        docsArb.filter((d) => d.filter((x) => x.length > 0).length >= 3),
        fc.nat(),
        (docs, seed) => {
          const a = tfidf(docs).matrix;
          if (a.cols < 2) return;
          const exact = exactSingularValues(csrToDense(a).data, a.rows, a.cols);
          for (const m of [a, transposeCsr(a)]) {
            const k = Math.min(3, m.rows, m.cols);
            const r = truncatedSvd(m, k, { seed, nIter: 8 });
            for (let i = 0; i < r.k; i++) {
              const e = exact[i] as number;
              if (e > 1e-8) expect(Math.abs((r.singularValues[i] as number) - e) / e).toBeLessThan(0.01);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
  it("the embedding equals A·Vᵀ and is deterministic for a seed", () => {
    const a = tfidf(generateCarb({ n: 200, seed: 3 }).map((i) => i.x)).matrix;
    const r1 = truncatedSvd(a, 8, { seed: 4 });
    const r2 = truncatedSvd(a, 8, { seed: 4 });
    expect(Array.from(r1.embedding.data)).toEqual(Array.from(r2.embedding.data));
    const dense = csrToDense(a);
    for (let i = 0; i < 5; i++) {
      for (let c = 0; c < 8; c++) {
        let s = 0;
        for (let j = 0; j < a.cols; j++) s += (dense.data[i * a.cols + j] as number) * (r1.components.data[c * a.cols + j] as number);
        expect(r1.embedding.data[i * 8 + c]).toBeCloseTo(s, 10);
      }
    }
  });
});

/** Exact singular values by Jacobi eigenvalues of AᵀA (small matrices only). */
function exactSingularValues(a: Float64Array, n: number, d: number): number[] {
  const g = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => {
      let s = 0;
      for (let r = 0; r < n; r++) s += (a[r * d + i] as number) * (a[r * d + j] as number);
      return s;
    }),
  );
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += (g[p]![q] as number) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = g[p]![q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((g[q]![q] as number) - (g[p]![p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const gkp = g[k]![p] as number;
          const gkq = g[k]![q] as number;
          g[k]![p] = c * gkp - s * gkq;
          g[k]![q] = s * gkp + c * gkq;
        }
        for (let k = 0; k < d; k++) {
          const gpk = g[p]![k] as number;
          const gqk = g[q]![k] as number;
          g[p]![k] = c * gpk - s * gqk;
          g[q]![k] = s * gpk + c * gqk;
        }
      }
    }
  }
  return g.map((row, i) => Math.sqrt(Math.max(0, row[i] as number))).sort((x, y) => y - x);
}

describe("skeleton", () => {
  it("skeletonTerms is tokenize(skeletonText(·)) on CARB texts and on arbitrary strings", () => {
    for (const it of generateCarb({ n: 400, seed: 12 })) expect(skeletonTerms(it.x)).toEqual(tokenize(skeletonText(it.x)));
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (t) => {
        expect(skeletonTerms(t)).toEqual(tokenize(skeletonText(t)));
      }),
      { numRuns: 300 },
    );
  });
  it("tfidf reads a keyed analyzer (skeletonTerms' n-grams as numbers) exactly as the same terms given as strings", () => {
    const plain = (t: string) => skeletonTerms(t); // not keyed: tfidf reads its strings
    const same = (texts: string[]) => sameTfidf(tfidf(texts, { analyzer: skeletonTerms }), tfidf(texts, { analyzer: plain }));
    same(generateCarb({ n: 300, seed: 21 }).map((i) => i.x));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom("Is it? It is.", "No A are B. Does it follow that some B are A?", "é É, q? p.")), { minLength: 1, maxLength: 12 }),
        (texts) => {
          same(texts);
        },
      ),
      { numRuns: 200 },
    );
    // a key names its term: keys and terms line up one to one, in order
    for (const it of generateCarb({ n: 50, seed: 3 })) expect(skeletonTerms.keys(it.x).map(skeletonTerms.term)).toEqual(skeletonTerms(it.x));
  });
  it("tfidf's own reading of ASCII texts (no string per token) gives exactly what tokenize's strings give", () => {
    const plain = (t: string) => tokenize(t); // not tokenize itself: tfidf reads its strings
    const same = (texts: string[]) => sameTfidf(tfidf(texts), tfidf(texts, { analyzer: plain }));
    same(generateCarb({ n: 300, seed: 22 }).map((i) => i.x));
    const word = fc.stringMatching(/^[A-Za-z0-9_]{1,7}$/);
    const text = fc.oneof(
      fc.tuple(fc.array(word, { maxLength: 12 }), fc.constantFrom(" ", ", ", "-", ". ")).map(([w, sep]) => w.join(sep)),
      fc.string({ maxLength: 60 }),
      fc.string({ maxLength: 30, unit: "binary" }),
      fc.constantFrom("Ärger ÜBER straße", "İstanbul IS big", "a_b A_B a_B", "x1 X1 x 1 __ _"),
    );
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 12 }), fc.boolean(), (texts, collide) => {
        // with 3 bits of hash most words share one: each is told apart by its characters
        wordHashBitsForTests(collide ? 3 : undefined);
        try {
          same(texts);
        } finally {
          wordHashBitsForTests();
        }
      }),
      { numRuns: 300 },
    );
  });
  it("tfidf: a repeated text (its term ids copied, not analysed again) gets the row it gets analysed alone", () => {
    const texts = generateCarb({ n: 60, seed: 4 }).map((i) => i.x);
    const repeated = [...texts, ...texts.slice(0, 30), ...texts.slice(10, 40)];
    const all = tfidf(repeated);
    repeated.forEach((t, i) => {
      const alone = tfidf([t], { vocabulary: all.vocabulary, idf: all.idf }).matrix;
      const lo = all.matrix.indptr[i] as number;
      const hi = all.matrix.indptr[i + 1] as number;
      expect(Array.from(alone.indices)).toEqual(Array.from(all.matrix.indices.subarray(lo, hi)));
      expect(Array.from(alone.data)).toEqual(Array.from(all.matrix.data.subarray(lo, hi)));
    });
  });
  it("keeps function words, replaces content by e/w placeholders marked new or seen, and tells a converse question from a forward one", () => {
    expect(skeletonTokens("Theo is taller than Juno. Is Juno shorter than Theo?").join(" ")).toBe("en is wn than en p is es wn than es q");
    expect(skeletonTokens("Theo is taller than Juno. Is Theo taller than Juno?").join(" ")).toBe("en is wn than en p is es ws than es q");
    expect(skeletonText("No owls are silent. Does it follow that all owls are lucky?")).toContain("q_does_it_follow");
  });
  it("does not depend on which entities or content words fill the schema (property)", () => {
    const names = ["Ada", "Bram", "Cleo", "Dmitri", "Esme"];
    const adjs = ["taller", "older", "faster", "richer"];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 }), (a, b, r) => {
        fc.pre(a !== b);
        const x = `${names[a]} is ${adjs[r]} than ${names[b]}. Is ${names[b]} ${adjs[r]} than ${names[a]}?`;
        expect(skeletonText(x)).toBe(skeletonText("Theo is taller than Juno. Is Juno taller than Theo?"));
      }),
    );
  });
});

describe("failure features", () => {
  const items = generateCarb({ n: 300, seed: 8 });
  const failures: Failure[] = items.map((item) => ({ failure_id: `m::${item.id}`, model_id: "m", item_id: item.id, item, prediction: 0, reason: "wrong_answer" }));
  it("never read structure_id: features are unchanged when it is removed or scrambled", () => {
    const a = failureFeatures(failures, { dims: 6, seed: 1 }).matrix;
    const scrambled = failures.map((f, i) => ({ ...f, item: { ...f.item, structure_id: `x${i % 3}` } }));
    const stripped = failures.map((f) => {
      const { structure_id: _, ...item } = f.item;
      return { ...f, item };
    });
    expect(Array.from(failureFeatures(scrambled, { dims: 6, seed: 1 }).matrix.data)).toEqual(Array.from(a.data));
    expect(Array.from(failureFeatures(stripped, { dims: 6, seed: 1 }).matrix.data)).toEqual(Array.from(a.data));
  });
  it("a fitted space is plain JSON and transforms new rows into the same columns", () => {
    const space = fitFeatureSpace(failures.slice(0, 200), { dims: 6 });
    const viaJson = JSON.parse(JSON.stringify(space));
    const m1 = transformFeatures(space, failures.slice(200));
    const m2 = transformFeatures(viaJson, failures.slice(200));
    expect(m1.cols).toBe(space.columns.length);
    expect(Array.from(m2.data)).toEqual(Array.from(m1.data));
  });
  it("metadata features are standardised (mean 0, variance 1 or 0 per column)", () => {
    const m = metadataFeatures(failures);
    for (let j = 0; j < m.matrix.cols; j++) {
      let s = 0;
      let q = 0;
      for (let i = 0; i < m.matrix.rows; i++) {
        const v = m.matrix.data[i * m.matrix.cols + j] as number;
        s += v;
        q += v * v;
      }
      expect(s / m.matrix.rows).toBeCloseTo(0, 10);
      expect([0, 1].some((t) => Math.abs(q / m.matrix.rows - t) < 1e-9)).toBe(true);
    }
  });
  it("block weights set each block's total variance", () => {
    const { matrix, space } = failureFeatures(failures, { dims: 6, weights: { metadata: 1, text: 2, skeleton: 3 } });
    const varOf = (cols: number[]) =>
      cols.reduce((acc, j) => {
        let s = 0;
        let q = 0;
        for (let i = 0; i < matrix.rows; i++) {
          const v = matrix.data[i * matrix.cols + j] as number;
          s += v;
          q += v * v;
        }
        return acc + q / matrix.rows - (s / matrix.rows) ** 2;
      }, 0);
    const colsOf = (pred: (c: string) => boolean) => space.columns.map((c, j) => (pred(c) ? j : -1)).filter((j) => j >= 0);
    const metaCols = colsOf((c) => !c.startsWith("text_") && !c.startsWith("skeleton_"));
    expect(varOf(metaCols)).toBeCloseTo(1, 6);
    expect(varOf(colsOf((c) => c.startsWith("text_")))).toBeCloseTo(4, 6);
    expect(varOf(colsOf((c) => c.startsWith("skeleton_")))).toBeCloseTo(9, 6);
  });
});

describe("pca2d's scatter matrix in WebAssembly (scatter.wat)", () => {
  it("is the JavaScript loop's, entry for entry, on any shape (zeros in rows included)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1200 }), fc.integer({ min: 1, max: 41 }), fc.integer(), (n, d, seed) => {
        const rng = createRng(seed);
        const data = Float64Array.from({ length: n * d }, () => (rng.float() < 0.2 ? 0 : (rng.float() - 0.5) * 10 ** rng.int(-3, 3)));
        const x = { rows: n, cols: d, data };
        const mean = new Float64Array(d);
        for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (data[i * d + j] as number) / n;
        // a column equal to its mean in some rows: row[a] = 0 exactly, the skipped case
        if (n > 2) data[d] = mean[0] as number;
        const fast = scatterWasm(x, mean);
        expect(fast).not.toBeNull();
        expect(Array.from(fast as Float64Array)).toEqual(Array.from(scatterJs(x, mean)));
      }),
      { numRuns: 60 },
    );
  });
});

describe("working memory kept between calls (tfidf's scratch arrays, the SVD's workspace)", () => {
  it("a call after a larger one (its leftovers in the kept memory) gives exactly what it gives first", () => {
    const small = generateCarb({ n: 120, seed: 31 }).map((i) => i.x);
    const large = generateCarb({ n: 900, seed: 32 }).map((i) => i.x);
    const run = (texts: string[]) => {
      const tf = tfidf(texts, { analyzer: skeletonTerms });
      const svd = truncatedSvd(tf.matrix, 6, { seed: 3 });
      return [Array.from(tf.matrix.indices), Array.from(tf.matrix.data), Array.from(svd.components.data), Array.from(svd.embedding.data)];
    };
    const first = run(small);
    run(large);
    expect(run(small)).toEqual(first);
  });
});
