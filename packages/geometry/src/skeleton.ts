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

/**
 * The delexicalised skeleton of a text: each function word as itself; each content word as
 * `e` (a capitalised name) or `w` (any other), suffixed `n` the first time that word occurs in
 * the text and `s` when it repeats an earlier one; `.`, `,` and `?` as `p`, `c`, `q`. "Theo is
 * taller than Juno. Is Juno shorter than Theo?" → `en is wn than en p is es wn than es q`: the
 * question asks with a new comparative (a converse), where a forward question would reuse it (`ws`).
 */
export function skeletonTokens(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}']+|[.,?;:!]/gu)) {
    const tok = m[0];
    if (tok === "." || tok === "!" || tok === ";" || tok === ":") out.push("p");
    else if (tok === ",") out.push("c");
    else if (tok === "?") out.push("q");
    else {
      const lower = tok.toLowerCase();
      if (FUNCTION_WORDS.has(lower)) out.push(lower);
      else {
        const kind = tok[0] !== lower[0] ? "e" : "w";
        out.push(`${kind}${seen.has(lower) ? "s" : "n"}`);
        seen.add(lower);
      }
    }
  }
  return out;
}

/**
 * The skeleton's n-grams (n = 1 … `maxN`, default 3) as one string of `_`-joined terms, for
 * TF-IDF: bigrams and trigrams carry "no wn are", "is es wn than" — the schema without its words.
 * N-grams of the question (the last sentence, where the schema asks what it asks) are also
 * emitted with a `q_` prefix, so "does it follow that some …" is told apart from the same
 * words among the premises.
 */
export function skeletonText(text: string, maxN = 3): string {
  return skeletonGrams(text, maxN).join(" ");
}

/** The skeleton's n-grams as skeletonText joins them (one string each). */
function skeletonGrams(text: string, maxN: number): string[] {
  const t = skeletonTokens(text);
  let qStart = 0;
  for (let i = t.length - 2; i >= 0; i--) {
    if (t[i] === "p" || t[i] === "q") {
      qStart = i + 1;
      break;
    }
  }
  const grams: string[] = [];
  for (let n = 1; n <= maxN; n++) {
    for (let i = 0; i + n <= t.length; i++) {
      const g = t.slice(i, i + n).join("_");
      grams.push(g);
      if (i >= qStart) grams.push(`q_${g}`);
    }
  }
  return grams;
}

/**
 * The terms TF-IDF reads from a skeleton: exactly `tokenize(skeletonText(text))` (the n-grams of two
 * or more characters: every gram is lower case and made of word characters joined by `_`), without
 * joining them into one string and splitting it again. The analyzer of the skeleton block.
 */
export function skeletonTerms(text: string, maxN = 3): string[] {
  return skeletonGrams(text, maxN).filter((g) => g.length >= 2);
}
