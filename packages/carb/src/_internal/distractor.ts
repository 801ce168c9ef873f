import type { Rng } from "@fib/stats";
import { chainText } from "./compositional.js";
import { capitalise, type Draft, interleave, pick, pickDistinct } from "./draft.js";
import { drawVocabulary, logicCore, renderLogic, renderStatement } from "./logicMix.js";
import { DEPTH_LIMITS } from "../options.js";
import { FILLER_FACTS, NAMES, RELATIONS } from "./vocab.js";

/**
 * A compositional or logical core with `k` irrelevant sentences interleaved. Irrelevance
 * is by construction: distractors only mention entities (people, or a noun class) that the
 * core never mentions, so no inference from them can reach the question.
 */
export function distractor(depth: number, k: number, target: 0 | 1, operators: readonly [number, number], shuffleProb: number, rng: Rng): Draft | null {
  // syllogisms are bounded by their premise count (logic_mix's depth limit); chains take any depth
  const syllogism = depth <= DEPTH_LIMITS.logic_mix[1] && rng.float() < 0.4;
  if (syllogism) {
    const core = logicCore(depth, target, operators, rng);
    if (core === null) return null;
    const v = drawVocabulary(rng);
    const { premises, question } = renderLogic(core, v);
    const extra: string[] = [];
    for (let i = 0; i < k; i++) {
      if (rng.float() < 0.6) {
        const other = drawVocabulary(rng, [v.noun]);
        const st = { q: pick(["all", "some", "no", "not_all"] as const, rng), subject: [], target: { p: 0, neg: false } };
        extra.push(`${capitalise(renderStatement(st, other))}.`);
      } else {
        extra.push(pick(FILLER_FACTS, rng).replace("{n}", pick(NAMES, rng)));
      }
    }
    return {
      type: "distractor",
      structure_id: "distractor/syllogism",
      x: [...interleave(premises, extra, rng), question].join(" "),
      y: core.y,
      depth,
      distractor_count: k,
      operator_count: core.operators,
      design: { core: core.schema },
    };
  }
  const names = NAMES.slice();
  const t = chainText(depth, target, shuffleProb, rng, names);
  const free = names.filter((n) => !t.core.order.includes(n));
  const extra: string[] = [];
  for (let i = 0; i < k; i++) {
    const r = rng.float();
    if (r < 0.7 && free.length >= 2) {
      const [p, q] = pickDistinct(free, 2, rng) as [string, string];
      // same relation as the core half of the time: the most plausible distractor
      const rel = rng.float() < 0.5 ? t.relation : (pick(RELATIONS, rng)[0] as string);
      extra.push(`${p} is ${rel} than ${q}.`);
    } else {
      extra.push(pick(FILLER_FACTS, rng).replace("{n}", pick(free, rng)));
    }
  }
  return {
    type: "distractor",
    structure_id: "distractor/chain",
    x: [...interleave(t.premises, extra, rng), t.question].join(" "),
    y: t.core.y,
    depth,
    distractor_count: k,
    operator_count: t.core.converse ? 2 : 1,
    design: { relation: t.relation, distance: t.core.distance, shuffled: t.core.shuffled },
  };
}
