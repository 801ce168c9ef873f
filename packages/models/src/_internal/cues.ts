/**
 * Surface cues read off an item's text, the way a model would see it. Shared by the stubs
 * and the simulated population; never reads `structure_id`.
 */
export interface TextCues {
  sentences: string[];
  question: string;
  premises: string[];
  negation: boolean;
  quantifier: boolean;
  supposition: boolean;
  /** the question's comparative does not occur in any premise (it asks with the converse) */
  converse: boolean;
  /** the question as (subject, relation, object), when it is a comparative */
  comparative: { a: string; rel: string; b: string } | null;
}

const NEGATION = /\b(not|no|never|none|nobody|nothing|neither|nor|cannot)\b|n't\b/i;
const QUANTIFIER = /\b(all|some|no|every|none|each|any)\b/i;

export function norm(s: string): string {
  return s
    .trim()
    .replace(/^(a|an|the)\s+/i, "")
    .toLowerCase();
}

export function sentencesOf(x: string): string[] {
  return x.split(/(?<=[.?!])\s+/).filter((s) => s.length > 0);
}

export function comparativesIn(s: string): { a: string; rel: string; b: string }[] {
  const body = s.replace(/^Suppose that /, "").replace(/[.?]$/, "");
  const out: { a: string; rel: string; b: string }[] = [];
  for (const clause of body.split(/, and /)) {
    const m = /^(?:In that case, would |Is )?(.+?) (?:is|were|be) (\w+) than (.+)$/i.exec(clause) ?? /^(?:In that case, would |Is )(.+?) (\w+) than (.+)$/i.exec(clause);
    if (m) out.push({ a: norm(m[1] as string), rel: (m[2] as string).toLowerCase(), b: norm(m[3] as string) });
  }
  return out;
}

export function cuesOf(x: string): TextCues {
  const sentences = sentencesOf(x);
  const question = sentences.at(-1) ?? "";
  const premises = sentences.slice(0, -1);
  const q = /^(?:In that case, would (.+?) be|Is (.+?)) (\w+) than (.+)\?$/i.exec(question);
  const comparative = q ? { a: norm((q[1] ?? q[2]) as string), rel: (q[3] as string).toLowerCase(), b: norm(q[4] as string) } : null;
  const premiseRels = new Set(premises.flatMap(comparativesIn).map((c) => c.rel));
  return {
    sentences,
    question,
    premises,
    negation: NEGATION.test(x),
    quantifier: QUANTIFIER.test(x),
    supposition: /\bsuppose\b|\bwere\b|\bwould\b/i.test(x),
    converse: comparative !== null && premiseRels.size > 0 && !premiseRels.has(comparative.rel),
    comparative,
  };
}
