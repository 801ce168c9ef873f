import type { Item } from "@fib/schemas";
import { comparativesIn, cuesOf, norm } from "./_internal/cues.js";
import { type Predictor, ruleBasedPredictor } from "./predictor.js";

/**
 * The seed project's rule-based stubs. None of them reasons; each is a plausible shallow
 * heuristic whose failures have structure (see docs/models.md for the failure each one
 * should show on CARB).
 */
export const STUB_RULES: Record<string, { rule: string; answer: (item: Item) => 0 | 1 }> = {
  always_1: {
    rule: "answers yes to everything",
    answer: () => 1,
  },
  keyword_heuristic: {
    rule: "answers no when the text has a negation marker (not, no, never, none, n't, …), else yes",
    answer: (item) => (cuesOf(item.x).negation ? 0 : 1),
  },
  discovery_skew: {
    rule: "yes-biased: answers no only when the question itself has a negation marker or asks with a comparative no premise uses (a converse); else yes",
    answer: (item) => {
      const c = cuesOf(item.x);
      return /\b(not|no|never)\b|n't\b/i.test(c.question) || c.converse ? 0 : 1;
    },
  },
  heuristic_a: {
    rule: "adjacent facts only: yes iff a premise states the question's comparative verbatim (same pair, same relation), or the question's conclusion repeats a premise; else no",
    answer: (item) => {
      const c = cuesOf(item.x);
      if (c.comparative) {
        const { a, rel, b } = c.comparative;
        return c.premises.flatMap(comparativesIn).some((p) => p.a === a && p.b === b && p.rel === rel) ? 1 : 0;
      }
      const concl = /does it (?:follow|imply) that (.+)\?$/i.exec(c.question)?.[1];
      return concl && c.premises.some((p) => norm(p.replace(/\.$/, "")) === norm(concl)) ? 1 : 0;
    },
  },
  heuristic_b: {
    rule: "first mention: for a comparative, yes iff the question's subject is mentioned before its object in the text (blind to converses, shuffled premises and suppositions); otherwise yes iff every word of the conclusion occurs in the premises",
    answer: (item) => {
      const c = cuesOf(item.x);
      const body = c.premises.join(" ").toLowerCase();
      if (c.comparative) {
        const ia = body.indexOf(c.comparative.a);
        const ib = body.indexOf(c.comparative.b);
        return ia >= 0 && (ib < 0 || ia < ib) ? 1 : 0;
      }
      const concl = /that (.+)\?$/i.exec(c.question)?.[1] ?? c.question;
      const words = concl.toLowerCase().match(/[a-z]+/g) ?? [];
      return words.every((w) => body.includes(w)) ? 1 : 0;
    },
  },
};

export const STUB_NAMES = Object.keys(STUB_RULES);

export function stubPredictor(name: string): Predictor | undefined {
  const s = STUB_RULES[name];
  if (!s) return undefined;
  return ruleBasedPredictor(
    name,
    () => ({ id: name, kind: "stub", name, rule: s.rule }),
    (item) => ({ answer: s.answer(item) }),
  );
}
