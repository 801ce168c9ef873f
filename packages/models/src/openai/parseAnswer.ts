import { scrubSecrets } from "@fib/schemas";

/** A parsed answer: 1 = yes, 0 = no, null = none could be read. */
export interface ParsedAnswer {
  answer: 0 | 1 | null;
  p_yes?: number;
  /** how the answer was read */
  via: "logprobs" | "text" | "none";
  error?: string;
}

const YES = new Set(["yes", "true", "1"]);

/**
 * Read yes / no / true / false / 1 / 0 at the start of a model's text (after quotes, markdown
 * emphasis, brackets, or an "Answer:" prefix); anything else is unparsable — a "no" buried in
 * a sentence is not taken for an answer.
 */
export function parseTextAnswer(text: string | null | undefined): ParsedAnswer {
  const t = (text ?? "").trim();
  const m = /^(?:answer\s*[:-]\s*)?[\s"'`*([]*(yes|no|true|false|1|0)\b/i.exec(t);
  if (m) {
    const w = (m[1] as string).toLowerCase();
    return { answer: YES.has(w) ? 1 : 0, via: "text" };
  }
  const clean = scrubSecrets(t);
  const shown = clean.length > 60 ? `${clean.slice(0, 57)}...` : clean;
  return { answer: null, via: "none", error: `unparsable: ${JSON.stringify(shown)}` };
}

/** Normalise a token's spelling: " Yes", "Yes", "ĠYes", "▁Yes", "yes" → "yes". */
export function normalizeToken(token: string): string {
  return token
    .replace(/^[\sĠ▁]+/u, "")
    .trim()
    .toLowerCase();
}

/**
 * The first generated token's top logprobs, from either response shape:
 * chat — choices[0].logprobs.content[0].top_logprobs = [{token, logprob}];
 * completions — choices[0].logprobs.top_logprobs[0] = {token: logprob}.
 */
export function firstTopLogprobs(choice: unknown): [string, number][] | null {
  const lp = (choice as { logprobs?: unknown })?.logprobs as Record<string, unknown> | null | undefined;
  if (!lp) return null;
  const content = lp.content as { top_logprobs?: { token: string; logprob: number }[] }[] | undefined;
  if (Array.isArray(content) && content[0]?.top_logprobs) return content[0].top_logprobs.map((t) => [t.token, t.logprob]);
  const top = lp.top_logprobs as Record<string, number>[] | undefined;
  if (Array.isArray(top) && top[0] && typeof top[0] === "object") return Object.entries(top[0]);
  return null;
}

/**
 * P(Yes) against P(No) from the first token's top logprobs (all spellings of each summed);
 * when neither appears in the top K, the answer is read from the text instead.
 */
export function parseLogprobAnswer(top: [string, number][] | null, text: string | null | undefined): ParsedAnswer {
  let py = 0;
  let pn = 0;
  for (const [tok, lp] of top ?? []) {
    const w = normalizeToken(tok);
    if (w === "yes") py += Math.exp(lp);
    else if (w === "no") pn += Math.exp(lp);
  }
  if (py + pn > 0) {
    const p_yes = py / (py + pn);
    return { answer: p_yes >= 0.5 ? 1 : 0, p_yes, via: "logprobs" };
  }
  return parseTextAnswer(text);
}
