import type { KeyedAnalyzer } from "./tfidf.js";

/**
 * Closed-class words kept as they are: quantifiers, negation, copulas, connectives, question
 * and supposition frames, articles, comparison. Everything else is content and is replaced by a
 * placeholder. A reasoning schema lives in these words and in where content repeats, not in
 * which entities or adjectives fill it.
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  "a an the all no not some none every each any is are was were be been being am do does did it that this those these follow follows if then else and or but nor so because suppose supposing would could should will can may might must in case than as of to at on by for with from into near there which who whom whose what when where why how only also either neither both".split(
    " ",
  ),
);

/** Every token a skeleton is made of: the function words, then the content and punctuation classes. A token's code is its index + 1. */
const TOKEN_NAMES: readonly string[] = [...FUNCTION_WORDS, "en", "es", "wn", "ws", "p", "c", "q"];
const CODE = new Map(TOKEN_NAMES.map((t, i) => [t, i + 1]));
/** codes are below this: an n-gram packs into a number as base-RADIX digits (exact up to MAX_KEY_N tokens) */
const RADIX = 128;
const MAX_KEY_N = 7;
if (TOKEN_NAMES.length >= RADIX) throw new Error("skeleton: more token kinds than an n-gram key's digits hold");
const [P, C, Q, EN, ES, WN, WS] = ["p", "c", "q", "en", "es", "wn", "ws"].map((t) => CODE.get(t) as number) as [number, number, number, number, number, number, number];

/** The skeleton's tokens as codes (see {@link skeletonTokens}): no string per token but the lower-cased word. */
function skeletonCodes(text: string): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}']+|[.,?;:!]/gu)) {
    const tok = m[0];
    if (tok === "." || tok === "!" || tok === ";" || tok === ":") out.push(P);
    else if (tok === ",") out.push(C);
    else if (tok === "?") out.push(Q);
    else {
      const lower = tok.toLowerCase();
      const f = FUNCTION_WORDS.has(lower) ? CODE.get(lower) : undefined;
      if (f !== undefined) out.push(f);
      else {
        const repeat = seen.has(lower);
        out.push(tok[0] !== lower[0] ? (repeat ? ES : EN) : repeat ? WS : WN);
        seen.add(lower);
      }
    }
  }
  return out;
}

/**
 * The delexicalised skeleton of a text: each function word as itself; each content word as
 * `e` (a capitalised name) or `w` (any other), suffixed `n` the first time that word occurs in
 * the text and `s` when it repeats an earlier one; `.`, `,` and `?` as `p`, `c`, `q`. "Theo is
 * taller than Juno. Is Juno shorter than Theo?" → `en is wn than en p is es wn than es q`: the
 * question asks with a new comparative (a converse), where a forward question would reuse it (`ws`).
 */
export function skeletonTokens(text: string): string[] {
  return skeletonCodes(text).map((c) => TOKEN_NAMES[c - 1] as string);
}

/**
 * The skeleton's n-grams (n = 1 … `maxN`, default 3) as one string of `_`-joined terms, for
 * TF-IDF: bigrams and trigrams carry "no wn are", "is es wn than" — the schema without its words.
 * N-grams of the question (the last sentence, where the schema asks what it asks) are also
 * emitted with a `q_` prefix, so "does it follow that some …" is told apart from the same
 * words among the premises.
 */
export function skeletonText(text: string, maxN = 3): string {
  return gramKeys(text, maxN, true).map(skeletonTermOf).join(" ");
}

/**
 * The skeleton's n-grams in skeletonText's order (n = 1 … maxN; each gram of the question also
 * `q_`-prefixed, right after it) as numbers: the tokens' codes as base-128 digits, then ×2, + 1 for
 * the `q_` prefix. One number names one gram's string (skeletonTermOf), so TF-IDF can count numbers
 * instead of building and looking up a string per gram. `all` false: without the one-character grams
 * (what `tokenize` would drop).
 */
function gramKeys(text: string, maxN: number, all: boolean): number[] {
  if (!Number.isInteger(maxN) || maxN < 1 || maxN > MAX_KEY_N) throw new RangeError(`skeleton n-grams: maxN must be an integer in 1…${MAX_KEY_N}, got ${maxN}`);
  const t = skeletonCodes(text);
  let qStart = 0;
  for (let i = t.length - 2; i >= 0; i--) {
    if (t[i] === P || t[i] === Q) {
      qStart = i + 1;
      break;
    }
  }
  const keys: number[] = [];
  for (let n = 1; n <= maxN; n++) {
    for (let i = 0; i + n <= t.length; i++) {
      let g = 0;
      for (let j = i; j < i + n; j++) g = g * RADIX + (t[j] as number);
      // a unigram of a one-letter token (p, c, q, a) is a one-character term
      if (all || n > 1 || (TOKEN_NAMES[(t[i] as number) - 1] as string).length >= 2) keys.push(g * 2);
      if (i >= qStart) keys.push(g * 2 + 1);
    }
  }
  return keys;
}

/** The gram a key of gramKeys names: its tokens joined by `_`, `q_`-prefixed when the key is odd. */
function skeletonTermOf(key: number): string {
  const q = key % 2 === 1;
  let g = Math.floor(key / 2);
  const parts: string[] = [];
  while (g > 0) {
    parts.push(TOKEN_NAMES[(g % RADIX) - 1] as string);
    g = Math.floor(g / RADIX);
  }
  const joined = parts.reverse().join("_");
  return q ? `q_${joined}` : joined;
}

/**
 * The terms TF-IDF reads from a skeleton: exactly `tokenize(skeletonText(text))` (the n-grams of two
 * or more characters: every gram is lower case and made of word characters joined by `_`), without
 * joining them into one string and splitting it again. The analyzer of the skeleton block; its
 * `keys` give the same terms as numbers (see {@link KeyedAnalyzer}), which is what TF-IDF reads.
 */
export const skeletonTerms: KeyedAnalyzer & ((text: string, maxN?: number) => string[]) = Object.assign((text: string, maxN = 3): string[] => gramKeys(text, maxN, false).map(skeletonTermOf), {
  keys: (text: string): number[] => gramKeys(text, 3, false),
  term: skeletonTermOf,
});
