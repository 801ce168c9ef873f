import type { CsrMatrix } from "./matrix.js";

export interface TfidfOptions {
  /** 1 + ln(tf) instead of tf (default false) */
  sublinearTf?: boolean;
  /** ignore terms in fewer documents than this: an integer count, or a proportion in (0, 1) (default 1) */
  minDf?: number;
  /** ignore terms in more documents than this: an integer count, or a proportion in (0, 1] (default 1.0) */
  maxDf?: number;
  /** keep only the most frequent terms (by corpus frequency), if set */
  maxFeatures?: number;
  /** l2-normalise rows (default true) */
  normalize?: boolean;
  /** a fixed vocabulary (from an earlier fit): terms outside it are ignored */
  vocabulary?: readonly string[];
  /** idf weights of a fixed vocabulary (from an earlier fit) */
  idf?: Float64Array;
}

export interface TfidfResult {
  matrix: CsrMatrix;
  /** feature names, sorted (column j is vocabulary[j]) */
  vocabulary: string[];
  idf: Float64Array;
}

/** Words of two or more letters/digits, lower-cased: scikit-learn's default `\b\w\w+\b`. */
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/**
 * TF-IDF as scikit-learn's `TfidfVectorizer` computes it with its defaults
 * (smooth idf = ln((1 + n) / (1 + df)) + 1, l2-normalised rows, sorted vocabulary), as CSR.
 */
export function tfidf(texts: readonly string[], opts: TfidfOptions = {}): TfidfResult {
  const n = texts.length;
  const docs = texts.map((t) => {
    const counts = new Map<string, number>();
    for (const w of tokenize(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
    return counts;
  });
  let vocabulary: string[];
  let idf: Float64Array;
  if (opts.vocabulary) {
    vocabulary = [...opts.vocabulary];
    if (!opts.idf || opts.idf.length !== vocabulary.length) throw new RangeError("tfidf: a fixed vocabulary needs its idf weights");
    idf = opts.idf;
  } else {
    const df = new Map<string, number>();
    const cf = new Map<string, number>();
    for (const d of docs) {
      for (const [w, c] of d) {
        df.set(w, (df.get(w) ?? 0) + 1);
        cf.set(w, (cf.get(w) ?? 0) + c);
      }
    }
    const bound = (v: number | undefined, def: number) => (v === undefined ? def : Number.isInteger(v) && v >= 1 ? v : v * n);
    const lo = bound(opts.minDf, 1);
    const hi = opts.maxDf === undefined || opts.maxDf === 1 ? n : bound(opts.maxDf, n);
    let terms = [...df.entries()].filter(([, f]) => f >= lo && f <= hi).map(([w]) => w);
    if (opts.maxFeatures !== undefined && terms.length > opts.maxFeatures) {
      terms = terms.sort((a, b) => (cf.get(b) as number) - (cf.get(a) as number) || (a < b ? -1 : 1)).slice(0, opts.maxFeatures);
    }
    vocabulary = terms.sort();
    idf = Float64Array.from(vocabulary, (w) => Math.log((1 + n) / (1 + (df.get(w) as number))) + 1);
  }
  const col = new Map(vocabulary.map((w, j) => [w, j]));
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const row: [number, number][] = [];
    for (const [w, c] of docs[i] as Map<string, number>) {
      const j = col.get(w);
      if (j === undefined) continue;
      const tf = opts.sublinearTf ? 1 + Math.log(c) : c;
      row.push([j, tf * (idf[j] as number)]);
    }
    row.sort((a, b) => a[0] - b[0]);
    let norm = 0;
    for (const [, v] of row) norm += v * v;
    norm = opts.normalize === false || norm === 0 ? 1 : Math.sqrt(norm);
    for (const [j, v] of row) {
      indices.push(j);
      values.push(v / norm);
    }
    indptr[i + 1] = indices.length;
  }
  return { matrix: { rows: n, cols: vocabulary.length, indptr, indices: Int32Array.from(indices), data: Float64Array.from(values) }, vocabulary, idf };
}
