import type { CsrMatrix } from "@fib/stats";
import { comparativesIn, sentencesOf } from "../_internal/cues.js";

/**
 * Bag-of-n-grams features for the trained baselines. Entities of comparatives are
 * anonymised by first mention (`e0`, `e1`, …, as in reading-comprehension corpora) so that
 * n-grams can carry order information across items; tokens are lower-cased words; the
 * question's tokens get a `q:` prefix, and the whole anonymised question is one more
 * feature (`qs:`), so what is asked is told apart from what is given. Rows are binary
 * presence vectors, l2-normalised, in CSR form.
 */
/** The sparse feature matrix: @fib/stats' CSR type. */
export type Csr = CsrMatrix;

function ngrams(tokens: readonly string[], n: number, prefix: string, out: Set<string>): void {
  for (let k = 1; k <= n; k++) {
    for (let i = 0; i + k <= tokens.length; i++) out.add(prefix + tokens.slice(i, i + k).join(" "));
  }
}

/** The set of n-gram features of one text. */
export function textFeatures(x: string, n: number): Set<string> {
  const text = anonymise(x);
  const sentences = sentencesOf(text);
  const question = sentences.pop() ?? "";
  const words = (s: string) => s.toLowerCase().match(/[a-z0-9']+/g) ?? [];
  const out = new Set<string>();
  for (const s of sentences) ngrams(words(s), n, "", out);
  ngrams(words(question), n, "q:", out);
  out.add(`qs:${words(question).join(" ")}`);
  return out;
}

/** Replace the entities of comparatives by `e<rank of first mention>`. */
export function anonymise(x: string): string {
  const entities: string[] = [];
  for (const s of sentencesOf(x)) {
    for (const c of comparativesIn(s)) for (const e of [c.a, c.b]) if (!entities.includes(e)) entities.push(e);
  }
  if (entities.length === 0) return x;
  const byLength = entities.map((e, i) => [e, i] as const).sort((a, b) => b[0].length - a[0].length);
  const pattern = new RegExp(`\\b(?:an? )?(${byLength.map(([e]) => e.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\b`, "gi");
  const rank = new Map(entities.map((e, i) => [e, i]));
  return x.replace(pattern, (_m, e: string) => `e${rank.get(e.toLowerCase())}`);
}

/** The `size` features with the highest document frequency (ties broken by the string). */
export function buildVocabulary(texts: readonly string[], n: number, size: number): string[] {
  const df = new Map<string, number>();
  for (const t of texts) for (const f of textFeatures(t, n)) df.set(f, (df.get(f) ?? 0) + 1);
  return [...df.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, size)
    .map(([f]) => f);
}

export function vectorize(texts: readonly string[], vocab: ReadonlyMap<string, number>, n: number): Csr {
  const indptr = new Int32Array(texts.length + 1);
  const idx: number[] = [];
  for (let r = 0; r < texts.length; r++) {
    const cols: number[] = [];
    for (const f of textFeatures(texts[r] as string, n)) {
      const j = vocab.get(f);
      if (j !== undefined) cols.push(j);
    }
    cols.sort((a, b) => a - b);
    for (const c of cols) idx.push(c);
    indptr[r + 1] = idx.length;
  }
  const data = new Float64Array(idx.length);
  for (let r = 0; r < texts.length; r++) {
    const a = indptr[r] as number;
    const b = indptr[r + 1] as number;
    const v = b > a ? 1 / Math.sqrt(b - a) : 0;
    for (let k = a; k < b; k++) data[k] = v;
  }
  return { rows: texts.length, cols: vocab.size, indptr, indices: Int32Array.from(idx), data };
}
