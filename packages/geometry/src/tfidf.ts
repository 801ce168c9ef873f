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
  /** a text's terms (default `tokenize`: scikit-learn's word pattern, lower-cased); a pure function of the text: its terms are kept per analyzer and text. A {@link KeyedAnalyzer} is read through its keys. */
  analyzer?: (text: string) => readonly string[];
}

/**
 * An analyzer that can also name a text's terms by numbers: `keys(text)` gives one number per term of
 * `analyzer(text)`, in the same order, and `term(key)` the term a number names (several numbers may
 * name one term; one number never names two). TF-IDF then counts numbers, and builds each term's
 * string once per process instead of once per occurrence (the skeleton's n-grams: ≈ 300 a text).
 */
export interface KeyedAnalyzer {
  (text: string): readonly string[];
  keys(text: string): readonly number[];
  term(key: number): string;
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

/** Column of each term of a fixed vocabulary, built once per vocabulary array (a space's vocabulary is reused for every chunk it transforms). */
const columnCache = new WeakMap<readonly string[], Map<string, number>>();
function columnsOf(vocabulary: readonly string[]): Map<string, number> {
  let col = columnCache.get(vocabulary);
  if (!col) {
    col = new Map(vocabulary.map((w, j) => [w, j]));
    columnCache.set(vocabulary, col);
  }
  return col;
}

/**
 * What an analyzer has made of the texts it was given, kept between calls: each term by a
 * process-wide id, each text as its terms' ids. A text is analysed once per process (failures
 * repeat their items' texts, and discovery, its null and every calibration replication see the
 * same items again), and a fit looks up no strings per token: it maps ids to ids through an array.
 * Dropped and started afresh once it holds {@link MAX_ANALYSED_TEXTS} texts (only between calls).
 */
interface Analysis {
  analyzer: (text: string) => readonly string[];
  /** the analyzer's keys, when it has them, and each key's term id */
  keyed: KeyedAnalyzer | null;
  keyIds: Map<number, number>;
  ids: Map<string, number>;
  words: string[];
  /** `tokenize`'s ASCII words by a hash of their characters: the term id of the first word with that hash (asciiWords) */
  hashIds: Map<number, number>;
  texts: Map<string, Int32Array>;
}
const MAX_ANALYSED_TEXTS = 50_000;
const analyses = new WeakMap<(text: string) => readonly string[], Analysis>();

function analysisOf(analyzer: (text: string) => readonly string[]): Analysis {
  let a = analyses.get(analyzer);
  if (!a || a.texts.size >= MAX_ANALYSED_TEXTS) {
    const keyed = typeof (analyzer as Partial<KeyedAnalyzer>).keys === "function" && typeof (analyzer as Partial<KeyedAnalyzer>).term === "function" ? (analyzer as KeyedAnalyzer) : null;
    a = { analyzer, keyed, keyIds: new Map(), ids: new Map(), words: [], hashIds: new Map(), texts: new Map() };
    analyses.set(analyzer, a);
  }
  return a;
}

/** The analyzer's terms of `text` as process-wide ids (analysed on first sight). */
function termsOf(a: Analysis, text: string): Int32Array {
  let t = a.texts.get(text);
  if (t) return t;
  if (a.keyed) {
    const keys = a.keyed.keys(text);
    t = new Int32Array(keys.length);
    for (let p = 0; p < keys.length; p++) {
      const key = keys[p] as number;
      let g = a.keyIds.get(key);
      if (g === undefined) {
        g = idOf(a, a.keyed.term(key));
        a.keyIds.set(key, g);
      }
      t[p] = g;
    }
  } else {
    const fast = a.analyzer === tokenize ? asciiWords(a, text) : null;
    if (fast) t = fast;
    else {
      const terms = a.analyzer(text);
      t = new Int32Array(terms.length);
      for (let p = 0; p < terms.length; p++) t[p] = idOf(a, terms[p] as string);
    }
  }
  a.texts.set(text, t);
  return t;
}

/** ASCII letters, digits and `_`: what `tokenize`'s pattern matches in a text of ASCII only. */
const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
let scratch = new Int32Array(256);
let hashMask = 0x3fffffff;
/** Tests only: keep `bits` bits of asciiWords' hash (3 makes most words collide, so their checks run); the default without an argument. */
export function wordHashBitsForTests(bits?: number): void {
  hashMask = bits === undefined ? 0x3fffffff : (1 << bits) - 1;
}

/**
 * `tokenize(text)` as term ids, for a text of ASCII only, without a string per token: each run of two
 * or more word characters is hashed as it is read (lower-cased) and found by its hash, its characters
 * checked against the term the hash names; a new term's string is built once. Null for a text with any
 * other character (Unicode letters and case rules: `tokenize` reads it). The same ids as `tokenize`
 * then `idOf` give.
 */
function asciiWords(a: Analysis, text: string): Int32Array | null {
  const n = text.length;
  let m = 0;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c >= 128) return null;
    if (!isWordChar(c)) {
      i++;
      continue;
    }
    const start = i;
    let h = 0x811c9dc5;
    while (i < n) {
      c = text.charCodeAt(i);
      if (c >= 128) return null;
      if (!isWordChar(c)) break;
      h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
      i++;
    }
    const len = i - start;
    if (len < 2) continue;
    const key = ((h ^ len) >>> 2) & hashMask; // a small integer: a Map key without a boxed number
    let id = a.hashIds.get(key);
    if (id === undefined || !sameWord(a.words[id] as string, text, start, len)) {
      const w = text.slice(start, i).toLowerCase();
      id = idOf(a, w);
      if (!a.hashIds.has(key)) a.hashIds.set(key, id);
    }
    if (m === scratch.length) {
      const grown = new Int32Array(2 * m);
      grown.set(scratch);
      scratch = grown;
    }
    scratch[m++] = id;
  }
  return scratch.slice(0, m);
}

/** Is `w` the lower-cased text[start … start + len)? (ASCII) */
function sameWord(w: string, text: string, start: number, len: number): boolean {
  if (w.length !== len) return false;
  for (let j = 0; j < len; j++) {
    const c = text.charCodeAt(start + j);
    if (w.charCodeAt(j) !== (c >= 65 && c <= 90 ? c + 32 : c)) return false;
  }
  return true;
}

/** The process-wide id of a term (a new one on first sight). */
function idOf(a: Analysis, w: string): number {
  let g = a.ids.get(w);
  if (g === undefined) {
    g = a.words.length;
    a.words.push(w);
    a.ids.set(w, g);
  }
  return g;
}

/** A corpus as term ids: each distinct text's tokens (tok[start[i] … start[i+1]); none for a repeated text), which document each repeats (−1: none), how many share each first one's text, and the terms in order of first sight. */
interface Tokens {
  start: Int32Array;
  tok: Int32Array;
  firstOf: Int32Array;
  mult: Float64Array;
  words: string[];
}

/**
 * Working arrays kept between calls (a call's token ids, and its rows' columns and values before they
 * are copied out at their exact size): a fresh array's pages cost more than filling it (on a 2-core VM
 * 40 MB took about 100 ms of page faults, every call). Arrays above KEEP_SCRATCH elements are not
 * kept. Never part of a result.
 */
const KEEP_SCRATCH = 1 << 22;
const kept: [Int32Array, Int32Array, Float64Array] = [new Int32Array(0), new Int32Array(0), new Float64Array(0)];
function reused(which: 0 | 1 | 2, n: number): Int32Array | Float64Array {
  const have = kept[which];
  if (have.length >= n) return have.subarray(0, n);
  const fresh = which === 2 ? new Float64Array(n) : new Int32Array(n);
  if (n <= KEEP_SCRATCH) kept[which] = fresh as never;
  return fresh;
}

/** Pass 1: each document's terms as term ids (a fixed vocabulary's columns, or ids in order of first sight). */
function tokensOf(texts: readonly string[], analyzer: (text: string) => readonly string[], fixed: readonly string[] | undefined): Tokens {
  const n = texts.length;
  const known = analysisOf(analyzer);
  const docs: Int32Array[] = new Array(n);
  // a text seen before (failures of one item share it) is analysed once: it counts `mult` times in
  // the document frequencies, and in pass 2 its row is copied
  const seen = new Map<string, number>();
  // the first document with the same text, or −1; how many documents share a first document's text
  const firstOf = new Int32Array(n).fill(-1);
  const mult = new Float64Array(n);
  const none = new Int32Array(0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const text = texts[i] as string;
    const before = seen.get(text);
    if (before !== undefined) {
      firstOf[i] = before;
      mult[before]!++;
      docs[i] = none;
      continue;
    }
    seen.set(text, i);
    mult[i] = 1;
    const d = termsOf(known, text);
    docs[i] = d;
    total += d.length;
  }
  // the process-wide term ids as this fit's (or the fixed vocabulary's): −2 not looked up yet, −1 not in the fixed vocabulary
  const localOf = new Int32Array(known.words.length).fill(-2);
  const fixedColumn = fixed ? columnsOf(fixed) : null;
  const words: string[] = [];
  const start = new Int32Array(n + 1);
  const tok = reused(0, total) as Int32Array;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const doc = docs[i] as Int32Array;
    for (let p = 0; p < doc.length; p++) {
      const g = doc[p] as number;
      let id = localOf[g] as number;
      if (id === -2) {
        const w = known.words[g] as string;
        if (fixedColumn) id = fixedColumn.get(w) ?? -1;
        else {
          id = words.length;
          words.push(w);
        }
        localOf[g] = id;
      }
      if (id >= 0) tok[m++] = id;
    }
    start[i + 1] = m;
  }
  return { start, tok, firstOf, mult, words };
}

/** The fitted vocabulary (sorted), its idf weights, and each term id's column (−1: not kept), from the document frequencies. */
function vocabularyOf(t: Tokens, n: number, opts: TfidfOptions): { vocabulary: string[]; idf: Float64Array; colOf: Int32Array } {
  const { start, tok, mult, words } = t;
  const T = words.length;
  const df = new Float64Array(T);
  const cf = new Float64Array(T);
  const last = new Int32Array(T).fill(-1);
  for (let i = 0; i < n; i++) {
    const w = mult[i] as number; // 0 for a repeated text (no tokens of its own)
    for (let p = start[i] as number; p < (start[i + 1] as number); p++) {
      const id = tok[p] as number;
      cf[id]! += w;
      if (last[id] !== i) {
        last[id] = i;
        df[id]! += w;
      }
    }
  }
  const bound = (v: number | undefined, def: number) => (v === undefined ? def : Number.isInteger(v) && v >= 1 ? v : v * n);
  const lo = bound(opts.minDf, 1);
  const hi = opts.maxDf === undefined || opts.maxDf === 1 ? n : bound(opts.maxDf, n);
  let terms: number[] = [];
  for (let id = 0; id < T; id++) if ((df[id] as number) >= lo && (df[id] as number) <= hi) terms.push(id);
  if (opts.maxFeatures !== undefined && terms.length > opts.maxFeatures) {
    terms = terms.sort((a, b) => (cf[b] as number) - (cf[a] as number) || ((words[a] as string) < (words[b] as string) ? -1 : 1)).slice(0, opts.maxFeatures);
  }
  terms.sort((a, b) => ((words[a] as string) < (words[b] as string) ? -1 : (words[a] as string) > (words[b] as string) ? 1 : 0));
  const vocabulary = terms.map((id) => words[id] as string);
  const idf = Float64Array.from(terms, (id) => Math.log((1 + n) / (1 + (df[id] as number))) + 1);
  const colOf = new Int32Array(T).fill(-1);
  terms.forEach((id, j) => {
    colOf[id] = j;
  });
  return { vocabulary, idf, colOf };
}

/** Pass 2: each distinct text's row — its counts in a scratch array, its columns in order, l2-normalised — then every document's row, a repeated text's copied, into arrays of exact size. */
function rowsOf(t: Tokens, n: number, vocabulary: readonly string[], idf: Float64Array, colOf: Int32Array, opts: TfidfOptions): CsrMatrix {
  const { start, tok, firstOf } = t;
  const m = tok.length;
  const counts = new Float64Array(vocabulary.length);
  // a row's distinct columns (sorted numerically in place: a typed array's sort, no comparator)
  const touched = new Int32Array(vocabulary.length);
  const rowAt = new Int32Array(n);
  const rowLen = new Int32Array(n);
  let indices = reused(1, Math.max(16, m)) as Int32Array;
  let values = reused(2, Math.max(16, m)) as Float64Array;
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    if ((firstOf[i] as number) >= 0) continue;
    let nt = 0;
    for (let p = start[i] as number; p < (start[i + 1] as number); p++) {
      const j = colOf[tok[p] as number] as number;
      if (j < 0) continue;
      if (counts[j] === 0) touched[nt++] = j;
      counts[j]!++;
    }
    if (nt > 1) touched.subarray(0, nt).sort();
    let norm = 0;
    for (let q = 0; q < nt; q++) {
      const j = touched[q] as number;
      const c = counts[j] as number;
      const v = (opts.sublinearTf ? 1 + Math.log(c) : c) * (idf[j] as number);
      counts[j] = v;
      norm += v * v;
    }
    norm = opts.normalize === false || norm === 0 ? 1 : Math.sqrt(norm);
    if (nnz + nt > indices.length) {
      const grow = Math.max(indices.length * 2, nnz + nt);
      const gi = new Int32Array(grow);
      gi.set(indices);
      indices = gi;
      const gv = new Float64Array(grow);
      gv.set(values);
      values = gv;
    }
    rowAt[i] = nnz;
    rowLen[i] = nt;
    for (let q = 0; q < nt; q++) {
      const j = touched[q] as number;
      indices[nnz] = j;
      values[nnz++] = (counts[j] as number) / norm;
      counts[j] = 0;
    }
  }
  const indptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const f = firstOf[i] as number;
    indptr[i + 1] = (indptr[i] as number) + (rowLen[f >= 0 ? f : i] as number);
  }
  const size = indptr[n] as number;
  if (nnz === size) return { rows: n, cols: vocabulary.length, indptr, indices: indices.slice(0, nnz), data: values.slice(0, nnz) };
  const outIndices = new Int32Array(size);
  const outData = new Float64Array(size);
  for (let i = 0; i < n; i++) {
    const f = firstOf[i] as number;
    const src = f >= 0 ? f : i;
    const a = rowAt[src] as number;
    const len = rowLen[src] as number;
    outIndices.set(indices.subarray(a, a + len), indptr[i] as number);
    outData.set(values.subarray(a, a + len), indptr[i] as number);
  }
  return { rows: n, cols: vocabulary.length, indptr, indices: outIndices, data: outData };
}

/**
 * TF-IDF as scikit-learn's `TfidfVectorizer` computes it with its defaults
 * (smooth idf = ln((1 + n) / (1 + df)) + 1, l2-normalised rows, sorted vocabulary), as CSR.
 * Texts are analysed once per process into term ids (see {@link Analysis}; no per-token string
 * lookups in a fit), then each row's counts are gathered in one scratch array.
 */
export function tfidf(texts: readonly string[], opts: TfidfOptions = {}): TfidfResult {
  const n = texts.length;
  const fixed = opts.vocabulary;
  if (fixed && (!opts.idf || opts.idf.length !== fixed.length)) throw new RangeError("tfidf: a fixed vocabulary needs its idf weights");
  const tokens = tokensOf(texts, opts.analyzer ?? tokenize, fixed);
  const { vocabulary, idf, colOf } = fixed
    ? { vocabulary: fixed.slice(), idf: opts.idf as Float64Array, colOf: Int32Array.from({ length: fixed.length }, (_, j) => j) }
    : vocabularyOf(tokens, n, opts);
  return { matrix: rowsOf(tokens, n, vocabulary, idf, colOf, opts), vocabulary, idf };
}
