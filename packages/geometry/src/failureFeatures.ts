import type { Failure, Item } from "@fib/schemas";
import { createRng, sampleIndices } from "@fib/stats";
import type { DenseMatrix } from "./matrix.js";
import { skeletonTerms } from "./skeleton.js";
import { tfidf } from "./tfidf.js";
import { truncatedSvd } from "./truncatedSvd.js";

/** Rows a feature space is fitted on at most; more are sampled (see fitFeatureSpace). */
export const FIT_MAX = 20_000;

/** k of n rows, uniformly without replacement (seeded), in their original order. */
function sampleRows(rows: Rows, k: number, seed: number): Rows {
  return sampleIndices(rows.length, k, createRng(seed, "failureFeatures/fit-sample"))
    .sort((a, b) => a - b)
    .map((i) => rows[i] as Failure | Item);
}

/** What a feature block reads from an item: never `structure_id`. */
type Designed = Pick<Item, "type" | "depth" | "distractor_count" | "operator_count" | "x">;
type Rows = readonly (Failure | Item)[];

const itemOf = (r: Failure | Item): Designed => ("item" in r ? r.item : r);
const NUMERIC = ["depth", "distractor_count", "operator_count"] as const;

export interface FeatureWeights {
  /** weight of the design-metadata block (default 1) */
  metadata?: number;
  /** weight of the text-embedding block: the words (default 0.5) */
  text?: number;
  /** weight of the skeleton block: the text delexicalised to its function words and placeholders, as n-grams (default 1) */
  skeleton?: number;
}

export interface FailureFeatureOptions {
  weights?: FeatureWeights;
  /** dimensions of the text embedding (default 16) */
  dims?: number;
  seed?: number;
  /** fit the space on at most this many rows, a seeded uniform sample (default 20,000) */
  fitMax?: number;
  /** TF-IDF options for the text block */
  sublinearTf?: boolean;
  minDf?: number;
  maxDf?: number;
}

/**
 * A fitted feature space φ, plain JSON: fit it once (on round 0's failures, say) and
 * transform later rounds into the same coordinates, so that centroids can be compared.
 */
export interface FeatureSpace {
  operator: "failureFeatures";
  version: 1 | 2;
  types: string[];
  mean: number[];
  std: number[];
  metaScale: number;
  vocabulary: string[];
  idf: number[];
  /** V^T rows (dims × vocabulary) */
  components: number[][];
  textScale: number;
  sublinearTf: boolean;
  /** the skeleton block (version 2; absent in spaces fitted before it) */
  skeleton?: TextBlock | null;
  columns: string[];
  params: { dims: number; seed: number; weights: Partial<FeatureWeights> };
}

export interface MetadataFeatures {
  matrix: DenseMatrix;
  columns: string[];
  mean: number[];
  std: number[];
}

/**
 * Design-metadata features: type one-hot, depth, distractor_count, operator_count,
 * standardised (z-scores; a constant column becomes 0). Pass `types`, `mean` and `std` of
 * an earlier fit to place new rows in the same space.
 */
export function metadataFeatures(rows: Rows, fit?: { types: readonly string[]; mean: readonly number[]; std: readonly number[] }): MetadataFeatures {
  const items = rows.map(itemOf);
  const types = fit ? [...fit.types] : [...new Set(items.map((i) => i.type))].sort();
  const columns = [...types.map((t) => `type=${t}`), ...NUMERIC];
  const c = columns.length;
  const data = new Float64Array(items.length * c);
  items.forEach((it, i) => {
    const t = types.indexOf(it.type);
    if (t >= 0) data[i * c + t] = 1;
    NUMERIC.forEach((f, j) => {
      data[i * c + types.length + j] = it[f];
    });
  });
  const mean = fit ? [...fit.mean] : columns.map((_, j) => avg(items.length, (i) => data[i * c + j] as number));
  const std = fit ? [...fit.std] : columns.map((_, j) => Math.sqrt(avg(items.length, (i) => ((data[i * c + j] as number) - (mean[j] as number)) ** 2)));
  for (let i = 0; i < items.length; i++) {
    for (let j = 0; j < c; j++) {
      const s = std[j] as number;
      data[i * c + j] = s > 0 ? ((data[i * c + j] as number) - (mean[j] as number)) / s : 0;
    }
  }
  return { matrix: { rows: items.length, cols: c, data }, columns, mean, std };
}

function avg(n: number, f: (i: number) => number): number {
  if (n === 0) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) s += f(i);
  return s / n;
}

/** A fitted TF-IDF → SVD block: vocabulary, idf, V^T rows, and the scale that gives it its weight. */
export interface TextBlock {
  vocabulary: string[];
  idf: number[];
  components: number[][];
  scale: number;
}

function blockVariance(e: DenseMatrix): number {
  let v = 0;
  for (let j = 0; j < e.cols; j++) {
    const m = avg(e.rows, (i) => e.data[i * e.cols + j] as number);
    v += avg(e.rows, (i) => ((e.data[i * e.cols + j] as number) - m) ** 2);
  }
  return v;
}

function fitTextBlock(texts: readonly string[], weight: number, dims: number, seed: number, analyzer: (text: string) => readonly string[]): TextBlock | null {
  if (weight <= 0 || texts.length < 2) return null;
  const tf = tfidf(texts, { analyzer });
  if (tf.matrix.cols === 0) return null;
  const svd = truncatedSvd(tf.matrix, dims, { seed });
  const v = blockVariance(svd.embedding);
  if (!(v > 0)) return null;
  return {
    vocabulary: tf.vocabulary,
    idf: Array.from(tf.idf),
    components: Array.from({ length: svd.k }, (_, c) => Array.from(svd.components.data.subarray(c * svd.components.cols, (c + 1) * svd.components.cols))),
    scale: weight / Math.sqrt(v),
  };
}

/** Add a text block's coordinates of `texts` into `out` at column `offset` (row stride `c`). */
function projectBlock(block: TextBlock, texts: readonly string[], sublinearTf: boolean, out: Float64Array, offset: number, c: number, analyzer: (text: string) => readonly string[]): void {
  const k = block.components.length;
  const tf = tfidf(texts, { vocabulary: block.vocabulary, idf: Float64Array.from(block.idf), sublinearTf, analyzer }).matrix;
  for (let i = 0; i < texts.length; i++) {
    for (let p = tf.indptr[i] as number; p < (tf.indptr[i + 1] as number); p++) {
      const col = tf.indices[p] as number;
      const v = (tf.data[p] as number) * block.scale;
      for (let j = 0; j < k; j++) out[i * c + offset + j] = (out[i * c + offset + j] as number) + v * ((block.components[j] as number[])[col] as number);
    }
  }
}

/**
 * Fit φ on some failures (or items): metadata z-scores; a words block (TF-IDF → SVD); a
 * skeleton block (the same on each text's delexicalised skeleton n-grams, so the reasoning's
 * form counts as much as its content words); block scales so each block's total variance is its weight.
 */
export function fitFeatureSpace(all: Rows, opts: FailureFeatureOptions = {}): FeatureSpace {
  // above FIT_MAX rows the space is fitted on a seeded uniform sample of them (idf, SVD and scales
  // are averages over rows: 20,000 estimate them closely); every row is then placed in it
  const rows = all.length > (opts.fitMax ?? FIT_MAX) ? sampleRows(all, opts.fitMax ?? FIT_MAX, opts.seed ?? 0) : all;
  // defaults measured on five planted specialists (docs/failure_discovery.md): the skeleton at full
  // weight and the words at half separate schemas that content words split by topic
  const weights = { metadata: opts.weights?.metadata ?? 1, text: opts.weights?.text ?? 0.5, skeleton: opts.weights?.skeleton ?? 1 };
  const dims = opts.dims ?? 16;
  const seed = opts.seed ?? 0;
  const meta = metadataFeatures(rows);
  const texts = rows.map((r) => itemOf(r).x);
  const tf = tfidf(texts, {
    ...(opts.sublinearTf === undefined ? {} : { sublinearTf: opts.sublinearTf }),
    ...(opts.minDf === undefined ? {} : { minDf: opts.minDf }),
    ...(opts.maxDf === undefined ? {} : { maxDf: opts.maxDf }),
  });
  const canEmbed = weights.text > 0 && tf.matrix.cols > 0 && rows.length > 1;
  const svd = canEmbed ? truncatedSvd(tf.matrix, dims, { seed }) : null;
  const components = svd ? Array.from({ length: svd.k }, (_, c) => Array.from(svd.components.data.subarray(c * svd.components.cols, (c + 1) * svd.components.cols))) : [];
  // block scales: each block's total variance becomes its weight
  const metaScale = weights.metadata / Math.sqrt(Math.max(1, meta.std.filter((s) => s > 0).length));
  let textVar = 0;
  if (svd) {
    const e = svd.embedding;
    for (let j = 0; j < e.cols; j++) {
      const m = avg(e.rows, (i) => e.data[i * e.cols + j] as number);
      textVar += avg(e.rows, (i) => ((e.data[i * e.cols + j] as number) - m) ** 2);
    }
  }
  const textScale = textVar > 0 ? weights.text / Math.sqrt(textVar) : 0;
  const skeleton = fitTextBlock(texts, weights.skeleton, dims, seed, skeletonTerms);
  return {
    operator: "failureFeatures",
    version: 2,
    types: meta.columns.filter((c) => c.startsWith("type=")).map((c) => c.slice(5)),
    mean: meta.mean,
    std: meta.std,
    metaScale,
    vocabulary: tf.vocabulary,
    idf: Array.from(tf.idf),
    components,
    textScale,
    sublinearTf: opts.sublinearTf ?? false,
    skeleton,
    columns: [...meta.columns, ...components.map((_, c) => `text_svd_${c}`), ...(skeleton?.components ?? []).map((_, c) => `skeleton_svd_${c}`)],
    params: { dims, seed, weights },
  };
}

/**
 * Place failures (or items) in a fitted space: one row-major matrix, metadata block, words block,
 * skeleton block. A row's features depend only on its item's design and text, so each distinct item
 * is featurised once and its row copied to every failure of it (a million failures of 20,000 items
 * cost 20,000 tokenisations).
 */
export function transformFeatures(space: FeatureSpace, rows: Rows): DenseMatrix {
  const key = (it: Designed) => `${it.type}\u0000${it.depth}\u0000${it.distractor_count}\u0000${it.operator_count}\u0000${it.x}`;
  // failures of one item usually share its object: look that up first, build the text key once per object
  const byObject = new Map<Designed, number>();
  const first = new Map<string, number>();
  const which = new Int32Array(rows.length);
  const distinct: (Failure | Item)[] = [];
  rows.forEach((r, i) => {
    const it = itemOf(r);
    let d = byObject.get(it);
    if (d === undefined) {
      const k = key(it);
      d = first.get(k);
      if (d === undefined) {
        d = distinct.length;
        first.set(k, d);
        distinct.push(r);
      }
      byObject.set(it, d);
    }
    which[i] = d;
  });
  // distinct rows featurised a chunk at a time: tokenising 100,000s of texts at once held gigabytes of
  // intermediate arrays; each row's features depend on it alone, so the result is the same
  const CHUNK = 8192;
  let u: DenseMatrix | null = null;
  for (let start = 0; start < distinct.length || u === null; start += CHUNK) {
    const part = transformDistinct(space, distinct.slice(start, start + CHUNK));
    if (u === null) {
      if (part.rows === distinct.length) {
        u = part;
        break;
      }
      u = { rows: distinct.length, cols: part.cols, data: new Float64Array(distinct.length * part.cols) };
    }
    u.data.set(part.data, start * u.cols);
  }
  if (distinct.length === rows.length) return u;
  const c = u.cols;
  const out = new Float64Array(rows.length * c);
  for (let i = 0; i < rows.length; i++) out.set(u.data.subarray((which[i] as number) * c, ((which[i] as number) + 1) * c), i * c);
  return { rows: rows.length, cols: c, data: out };
}

function transformDistinct(space: FeatureSpace, rows: Rows): DenseMatrix {
  const meta = metadataFeatures(rows, space);
  const k = space.components.length;
  const ks = space.skeleton?.components.length ?? 0;
  const c = meta.matrix.cols + k + ks;
  const out = new Float64Array(rows.length * c);
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < meta.matrix.cols; j++) out[i * c + j] = (meta.matrix.data[i * meta.matrix.cols + j] as number) * space.metaScale;
  }
  if (k > 0) {
    const tf = tfidf(
      rows.map((r) => itemOf(r).x),
      { vocabulary: space.vocabulary, idf: Float64Array.from(space.idf), sublinearTf: space.sublinearTf },
    ).matrix;
    for (let i = 0; i < rows.length; i++) {
      for (let p = tf.indptr[i] as number; p < (tf.indptr[i + 1] as number); p++) {
        const col = tf.indices[p] as number;
        const v = (tf.data[p] as number) * space.textScale;
        for (let j = 0; j < k; j++) out[i * c + meta.matrix.cols + j] = (out[i * c + meta.matrix.cols + j] as number) + v * ((space.components[j] as number[])[col] as number);
      }
    }
  }
  if (space.skeleton && ks > 0)
    projectBlock(
      space.skeleton,
      rows.map((r) => itemOf(r).x),
      false,
      out,
      meta.matrix.cols + k,
      c,
      skeletonTerms,
    );
  return { rows: rows.length, cols: c, data: out };
}

/** φ: fit a feature space on these failures and return their matrix with the space. */
export function failureFeatures(rows: Rows, opts: FailureFeatureOptions = {}): { matrix: DenseMatrix; space: FeatureSpace } {
  const space = fitFeatureSpace(rows, opts);
  return { matrix: transformFeatures(space, rows), space };
}
