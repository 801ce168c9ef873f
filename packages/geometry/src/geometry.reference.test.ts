import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { csrToDense, tfidf, truncatedSvd } from "./index.js";

interface Ref {
  texts: string[];
  tfidf: { params: Record<string, number | boolean>; vocabulary: string[]; idf: number[]; dense: number[][] }[];
  svd: { k: number; singular_values: number[]; components: number[][] }[];
}
const ref = JSON.parse(readFileSync(new URL("../fixtures/reference.json", import.meta.url), "utf8")) as Ref;

const optsOf = (p: Record<string, number | boolean>) => ({
  ...(p.sublinear_tf ? { sublinearTf: true } : {}),
  ...(p.min_df !== undefined ? { minDf: p.min_df as number } : {}),
  ...(p.max_df !== undefined ? { maxDf: p.max_df as number } : {}),
});

describe("tfidf matches scikit-learn's TfidfVectorizer", () => {
  for (const c of ref.tfidf) {
    it(JSON.stringify(c.params), () => {
      const r = tfidf(ref.texts, optsOf(c.params));
      expect(r.vocabulary).toEqual(c.vocabulary);
      for (let j = 0; j < c.idf.length; j++) expect(r.idf[j]).toBeCloseTo(c.idf[j] as number, 12);
      const dense = csrToDense(r.matrix);
      for (let i = 0; i < c.dense.length; i++) {
        for (let j = 0; j < c.vocabulary.length; j++) {
          expect(Math.abs((dense.data[i * dense.cols + j] as number) - ((c.dense[i] as number[])[j] as number))).toBeLessThan(1e-11);
        }
      }
    });
  }
});

describe("truncatedSvd agrees with scipy.sparse.linalg.svds (exact)", () => {
  const X = tfidf(ref.texts).matrix;
  for (const c of ref.svd) {
    it(`k=${c.k}: singular values within 1 %, leading components aligned`, () => {
      const r = truncatedSvd(X, c.k, { seed: 1, nIter: 7 });
      for (const [i, s] of c.singular_values.entries()) expect(Math.abs((r.singularValues[i] as number) - s) / s).toBeLessThan(0.01);
      // the top component: |cosine| with the exact one near 1 (sign is arbitrary)
      const v = Array.from(r.components.data.subarray(0, r.components.cols));
      const e = c.components[0] as number[];
      const cos = Math.abs(v.reduce((s, x, j) => s + x * (e[j] as number), 0));
      expect(cos).toBeGreaterThan(0.999);
    });
  }
});
